// Validates the fake's traffic against Azure DevOps' own REST specification (Swagger 2.0, vendored
// in test/fixtures/azureDevOps/pipelines7.1.json from MicrosoftDocs/vsts-rest-api-specs), so the
// fake cannot drift from the real API: a request Baton sends, or a response the fake returns, that
// the specification rejects is a test failure.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

interface SwaggerParameter {
  in?: string;
  name?: string;
  required?: boolean;
  type?: string;
  schema?: unknown;
  $ref?: string;
}

interface SwaggerSpec {
  paths: Record<string, Record<string, { parameters?: SwaggerParameter[]; responses?: Record<string, { schema?: unknown }> }>>;
  definitions: Json;
  parameters: Record<string, SwaggerParameter>;
}

const SPEC_FILE = new URL("../../fixtures/azureDevOps/pipelines7.1.json", import.meta.url);

export class SwaggerValidator {
  private readonly spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as SwaggerSpec;
  private readonly ajv = new Ajv({ strict: false, logger: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    // Swagger's numeric formats.
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ definitions: this.spec.definitions }, "ado");
  }

  /** Problems with a request: required query parameters, path parameter types, the JSON body. */
  request(method: string, template: string, params: Record<string, string>, query: URLSearchParams, body: unknown): string[] {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in the specification`];
    const problems: string[] = [];
    let bodySchema: unknown;
    for (const raw of operation.parameters ?? []) {
      const p = raw.$ref ? this.spec.parameters[raw.$ref.split("/").at(-1) ?? ""] : raw;
      if (!p?.name) continue;
      if (p.in === "body") bodySchema = p.schema;
      if (p.in === "query" && p.required && !query.has(p.name)) problems.push(`${method} ${template}: missing required query parameter ${p.name}`);
      if (p.in === "path" && p.type === "integer" && !/^-?\d+$/.test(params[p.name] ?? "")) problems.push(`${method} ${template}: path parameter ${p.name} is not an integer`);
    }
    if (bodySchema === undefined) return body === undefined ? problems : [...problems, `${method} ${template} takes no body`];
    return [...problems, ...this.check(`req ${method} ${template}`, bodySchema, body)];
  }

  /** Problems with a response body for a documented status; an undocumented status is a problem too. */
  response(method: string, template: string, status: number, body: unknown): string[] {
    const response = this.spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!response) return [`${method} ${template} does not document status ${status}`];
    if (response.schema === undefined) return body === undefined ? [] : [`${method} ${template} ${status} has no body in the specification`];
    return this.check(`res ${method} ${template} ${status}`, response.schema, body);
  }

  private check(key: string, schema: unknown, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"ado#/definitions/')) as Json);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }
}
