// Checks the fake Argo CD API server's traffic against Argo CD's own published swagger (an excerpt
// vendored in test/fixtures/argocd/applicationGetSwagger.json, see the README there): a request
// Baton sends, or a response the fake returns, that the contract rejects is a test failure.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

interface SwaggerParameter {
  in: "path" | "query" | "body" | "header";
  name: string;
  required?: boolean;
  type?: string;
  items?: { type: string };
}

interface SwaggerOperation {
  parameters?: SwaggerParameter[];
  responses: Record<string, { schema?: unknown }>;
}

interface SwaggerSpec {
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, unknown>;
}

const SPEC_FILE = new URL("../../fixtures/argocd/applicationGetSwagger.json", import.meta.url);

export class ArgoCdSwagger {
  private readonly spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as SwaggerSpec;
  private readonly ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    // ajv-formats is CommonJS whose default export TypeScript sees one level down under NodeNext.
    (addFormatsModule as unknown as (ajv: Ajv) => void)(this.ajv);
    // Swagger's numeric and byte formats (grpc-gateway output).
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addSchema({ definitions: this.spec.definitions }, "argocd");
  }

  /**
   * Problems with a request: the operation must exist, path parameters must be present, every
   * query parameter must be one the operation declares (repeated only where it is an array).
   */
  request(method: string, template: string, params: Record<string, string>, query: URLSearchParams, hasBody: boolean): string[] {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in Argo CD's API`];
    const problems: string[] = [];
    const declared = new Map((operation.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p]));
    for (const p of operation.parameters ?? []) {
      if (p.in === "path" && !params[p.name]) problems.push(`${method} ${template}: missing path parameter ${p.name}`);
      if (p.in === "query" && p.required && !query.has(p.name)) problems.push(`${method} ${template}: missing required query parameter ${p.name}`);
      if (p.in === "body" && !hasBody && p.required) problems.push(`${method} ${template}: missing body`);
    }
    for (const name of new Set(query.keys())) {
      const p = declared.get(`query:${name}`);
      if (!p) problems.push(`${method} ${template}: query parameter ${name} is not declared`);
      else if (p.type !== "array" && query.getAll(name).length > 1) problems.push(`${method} ${template}: query parameter ${name} is not repeatable`);
    }
    if (hasBody && ![...declared.values()].some((p) => p.in === "body")) problems.push(`${method} ${template} takes no body`);
    return problems;
  }

  /** Problems with a response: its status (or `default`) must be documented and its body match. */
  response(method: string, template: string, status: number, body: unknown): string[] {
    const responses = this.spec.paths[template]?.[method.toLowerCase()]?.responses ?? {};
    const documented = responses[String(status)] ?? (status === 200 ? undefined : responses["default"]);
    if (!documented) return [`${method} ${template} does not document status ${status}`];
    const key = `${method} ${template} ${status in responses ? status : "default"}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(documented.schema ?? {}).replaceAll('"#/definitions/', '"argocd#/definitions/')) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`);
  }
}
