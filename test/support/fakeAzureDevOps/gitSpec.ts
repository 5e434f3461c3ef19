// Checks the fake Azure DevOps server's traffic against the published Git REST specification
// (Swagger 2.0, api-version 7.1; test/fixtures/azureDevOps/README.md says where the excerpt comes
// from), so the fake cannot drift from the service: a request Baton sends, or a response the fake
// returns, that the specification rejects is a test failure.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "body" | "header";
  required?: boolean;
  schema?: unknown;
  $ref?: string;
}

interface Operation {
  parameters: Parameter[];
  responses: Record<string, { schema?: Json }>;
}

interface SwaggerSpec {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, unknown>;
  parameters: Record<string, Parameter>;
}

const SPEC_FILE = new URL("../../fixtures/azureDevOps/git7.1.json", import.meta.url);
let spec: SwaggerSpec | undefined;
function loadSpec(): SwaggerSpec {
  spec ??= JSON.parse(readFileSync(SPEC_FILE, "utf8")) as SwaggerSpec;
  return spec;
}

export class GitSpecValidator {
  private readonly ajv = new Ajv({ strict: false, logger: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly spec = loadSpec();

  constructor() {
    (addFormatsModule as unknown as (ajv: Ajv) => void)(this.ajv);
    this.ajv.addSchema({ definitions: this.spec.definitions }, "ado");
  }

  private operation(method: string, template: string): Operation | undefined {
    return this.spec.paths[template]?.[method.toLowerCase()];
  }

  /** Problems with the query (required parameters, api-version, unknown names) and the JSON body. */
  request(method: string, template: string, query: URLSearchParams, body: unknown): string[] {
    const operation = this.operation(method, template);
    if (!operation) return [`${method} ${template} is not an operation of the specification`];
    const problems: string[] = [];
    const parameters = operation.parameters.map((p) => (p.$ref ? (this.spec.parameters[p.$ref.split("/").at(-1) ?? ""] ?? p) : p));
    const queryNames = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name));
    for (const p of parameters) if (p.in === "query" && p.required && !query.has(p.name)) problems.push(`${method} ${template}: query parameter ${p.name} is required`);
    for (const name of query.keys()) if (!queryNames.has(name)) problems.push(`${method} ${template}: unknown query parameter ${name}`);
    if (query.get("api-version") !== "7.1") problems.push(`${method} ${template}: api-version must be 7.1, got ${query.get("api-version") ?? "none"}`);
    const bodyParameter = parameters.find((p) => p.in === "body");
    if (!bodyParameter) return body === undefined ? problems : [...problems, `${method} ${template} takes no body`];
    if (body === undefined) return bodyParameter.required ? [...problems, `${method} ${template}: a body is required`] : problems;
    return [...problems, ...this.unknownFields(`req ${method} ${template}`, bodyParameter.schema, body), ...this.check(`req ${method} ${template}`, bodyParameter.schema, body)];
  }

  /**
   * The definitions allow any extra field (the service ignores them), which would hide a
   * misspelt one in what Baton sends: top-level request fields must be declared.
   */
  private unknownFields(key: string, schema: unknown, body: unknown): string[] {
    const s = schema as { $ref?: string; type?: string; items?: { $ref?: string } };
    const ref = s.type === "array" ? s.items?.$ref : s.$ref;
    const definition = ref ? (this.spec.definitions[ref.split("/").at(-1) ?? ""] as { properties?: Json } | undefined) : undefined;
    if (!definition?.properties) return [];
    const declared = new Set(Object.keys(definition.properties));
    const objects = (Array.isArray(body) ? body : [body]).filter((o): o is Json => typeof o === "object" && o !== null);
    return objects.flatMap((o) => Object.keys(o).filter((k) => !declared.has(k)).map((k) => `${key}: field ${k} is not in the specification`));
  }

  /**
   * Problems with a response. List operations are documented with the item array; the service
   * wraps lists as `{ count, value }`, so `value` is what the schema describes.
   */
  response(method: string, template: string, status: number, body: unknown): string[] {
    const operation = this.operation(method, template);
    const response = operation?.responses[String(status)];
    if (!response) return status >= 400 ? [] : [`${method} ${template} does not document status ${status}`];
    const schema = response.schema;
    if (!schema) return [];
    if (schema.type === "array") {
      const wrapped = body as { count?: unknown; value?: unknown };
      if (typeof wrapped !== "object" || wrapped === null || typeof wrapped.count !== "number" || !Array.isArray(wrapped.value) || wrapped.count !== wrapped.value.length) {
        return [`res ${method} ${template} ${status}: expected the { count, value } list wrapper`];
      }
      return this.check(`res ${method} ${template} ${status}`, schema, wrapped.value);
    }
    return this.check(`res ${method} ${template} ${status}`, schema, body);
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
