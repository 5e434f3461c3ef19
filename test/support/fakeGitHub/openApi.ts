// Validates the fake's traffic against GitHub's own OpenAPI description (@octokit/openapi), so the
// fake cannot drift from the real API: a request Octokit sends, or a response the fake returns,
// that GitHub's schema rejects is a test failure.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

interface OpenApiSpec {
  paths: Record<string, Record<string, Json>>;
  components: Json & { responses: Record<string, Json> };
}

let spec: OpenApiSpec | undefined;
export function loadSpec(): OpenApiSpec {
  // Parsed once per process: the description is 13 MB.
  spec ??= JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as OpenApiSpec;
  return spec;
}

export class OpenApiValidator {
  private readonly ajv = new Ajv({ strict: false, logger: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly spec = loadSpec();

  constructor() {
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    this.ajv.addSchema({ components: this.spec.components }, "gh");
  }

  /** The path template and operation for a method + template, or undefined when GitHub has none. */
  hasOperation(method: string, template: string): boolean {
    return this.spec.paths[template]?.[method.toLowerCase()] !== undefined;
  }

  /** Problems with a JSON request body, as readable strings; empty when valid. */
  request(method: string, template: string, body: unknown): string[] {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    const content = (operation?.requestBody as Json | undefined)?.content as Record<string, { schema?: unknown }> | undefined;
    const schema = content?.["application/json"]?.schema;
    if (!schema) return body === undefined ? [] : [`${method} ${template} takes no JSON body`];
    return this.check(`req ${method} ${template}`, schema, body);
  }

  /** Problems with a response body for a status GitHub documents; undocumented statuses are problems too. */
  response(method: string, template: string, status: number, body: unknown): string[] {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    const responses = operation?.responses as Record<string, Json> | undefined;
    let response = responses?.[String(status)];
    if (!response) return [`${method} ${template} does not document status ${status}`];
    const ref = response.$ref;
    if (typeof ref === "string") response = this.spec.components.responses[ref.split("/").at(-1) ?? ""] ?? {};
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    const schema = content?.["application/json"]?.schema;
    if (!schema) return body === undefined || body === "" ? [] : [`${method} ${template} ${status} has no JSON body in the description`];
    return this.check(`res ${method} ${template} ${status}`, schema, body);
  }

  private check(key: string, schema: unknown, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/')) as Json;
      validate = this.ajv.compile(rebased);
      this.compiled.set(key, validate);
    }
    if (validate === null || validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }
}
