// Checks a fake Azure DevOps server's traffic against the service's own REST specification
// (Swagger 2.0, api-version 7.1, excerpts vendored in test/fixtures/azureDevOps/ from
// MicrosoftDocs/vsts-rest-api-specs; the README there says where each comes from), so a fake cannot
// drift from the real API: a request Baton sends, or a response a fake returns, that the
// specification rejects is a test failure. One validator for every excerpt (Git, Pipelines).
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

interface Parameter {
  name?: string;
  in?: "path" | "query" | "body" | "header";
  required?: boolean;
  type?: string;
  schema?: unknown;
  $ref?: string;
}

interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, { schema?: Json }>;
}

interface SwaggerSpec {
  paths: Record<string, Record<string, Operation>>;
  /** Operations whose path carries a query (`…/items?path={path}`), as AutoRest keeps them. */
  "x-ms-paths"?: Record<string, Record<string, Operation>>;
  definitions: Record<string, unknown>;
  parameters: Record<string, Parameter>;
}

/** The vendored excerpts: the Git API (Azure Repos) and the Pipelines API (the gate). */
export type SpecExcerpt = "git7.1.json" | "pipelines7.1.json";

const specs = new Map<SpecExcerpt, SwaggerSpec>();
function loadSpec(file: SpecExcerpt): SwaggerSpec {
  let spec = specs.get(file);
  if (!spec) {
    spec = JSON.parse(readFileSync(new URL(`../../fixtures/azureDevOps/${file}`, import.meta.url), "utf8")) as SwaggerSpec;
    specs.set(file, spec);
  }
  return spec;
}

export class SwaggerValidator {
  private readonly spec: SwaggerSpec;
  private readonly ajv = new Ajv({ strict: false, logger: false, allErrors: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file: SpecExcerpt) {
    this.spec = loadSpec(file);
    (addFormatsModule as unknown as (ajv: Ajv) => void)(this.ajv);
    // Swagger's numeric formats.
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ definitions: this.spec.definitions }, "ado");
  }

  private operation(method: string, template: string): Operation | undefined {
    const m = method.toLowerCase();
    return this.spec.paths[template]?.[m] ?? this.spec["x-ms-paths"]?.[template]?.[m];
  }

  /**
   * Problems with a request: required, unknown and wrongly typed query parameters, api-version,
   * integer path parameters (those given in `params`), and the JSON body.
   */
  request(method: string, template: string, params: Record<string, string>, query: URLSearchParams, body: unknown): string[] {
    const operation = this.operation(method, template);
    if (!operation) return [`${method} ${template} is not an operation of the specification`];
    const problems: string[] = [];
    const parameters = (operation.parameters ?? []).map((p) => (p.$ref ? (this.spec.parameters[p.$ref.split("/").at(-1) ?? ""] ?? p) : p));
    const queryParameters = new Map(parameters.filter((p) => p.in === "query" && p.name).map((p) => [p.name ?? "", p]));
    for (const p of queryParameters.values()) if (p.required && !query.has(p.name ?? "")) problems.push(`${method} ${template}: missing required query parameter ${p.name ?? ""}`);
    for (const [name, value] of query) {
      const p = queryParameters.get(name);
      if (!p) problems.push(`${method} ${template}: unknown query parameter ${name}`);
      else if (p.type === "boolean" && value !== "true" && value !== "false") problems.push(`${method} ${template}: query parameter ${name} must be true or false`);
      else if (Array.isArray((p as { enum?: unknown }).enum) && !(p as { enum: unknown[] }).enum.includes(value)) problems.push(`${method} ${template}: query parameter ${name} is not one of its values`);
    }
    if (query.has("api-version") && query.get("api-version") !== "7.1") problems.push(`${method} ${template}: api-version must be 7.1, got ${query.get("api-version") ?? "none"}`);
    for (const p of parameters) {
      if (p.in === "path" && p.type === "integer" && p.name && p.name in params && !/^-?\d+$/.test(params[p.name] ?? "")) problems.push(`${method} ${template}: path parameter ${p.name} is not an integer`);
    }
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
   * Problems with a response: an undocumented success status, or a body its schema rejects (error
   * statuses are not documented per operation). List operations are documented with the item
   * array; the service wraps lists as `{ count, value }`, so `value` is what the schema describes.
   */
  response(method: string, template: string, status: number, body: unknown): string[] {
    const response = this.operation(method, template)?.responses?.[String(status)];
    if (!response) return status >= 400 ? [] : [`${method} ${template} does not document status ${status}`];
    const schema = response.schema;
    if (!schema) return body === undefined ? [] : [`${method} ${template} ${status} has no body in the specification`];
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
