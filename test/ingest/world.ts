// A complete set of door dependencies over fakes, with one pipeline per registry used in tests.
import functions, { type HttpRequest as HttpRequestType, type HttpResponseInit } from "@azure/functions";
import { createPipelineLookup } from "../../shared/pipelines/lookup.js";
import type { Pipeline } from "../../shared/pipelines/types.js";
import type { DoorDeps } from "../../shared/ingest/handlers/doorDeps.js";
import type { IngestStore } from "../../shared/store/ingestStore.js";
import { FakeSender, FakeStarter, MemorySecrets, memoryStore } from "./fakes.js";

// Through the default export: @azure/functions is CommonJS and Node's ESM loader does not
// detect these classes as named exports (vitest would, tsx under `npm run bench` does not).
const { HttpRequest, InvocationContext } = functions;

export const SECRETS = {
  GITHUB_WEBHOOK_SECRET: "gh-current-secret",
  GITHUB_WEBHOOK_SECRET_PREVIOUS: "gh-old-secret",
  FLUX_WEBHOOK_TOKEN: "flux-token",
  ARGOCD_WEBHOOK_TOKEN: "argocd-token",
  ACR_WEBHOOK_SECRET: "acr-shared-secret",
  EVENTGRID_WEBHOOK_KEY: "eventgrid-key",
  AZUREDEVOPS_WEBHOOK_TOKEN: "ado-hook-token",
};

export const PIPELINES: Pipeline[] = [
  { name: "orders", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "semver", range: ">=1.0.0" } } },
  { name: "orders-canary", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "regex", pattern: "1\\.4\\.\\d+" } } },
  { name: "hello", source: { registry: "ghcr.io", repository: "codertocat/hello-world", tags: { kind: "any" } } },
];

export function world(options: { pipelines?: Pipeline[] } = {}) {
  return worldWith(memoryStore(), options.pipelines);
}

export function worldWith<S extends IngestStore>(store: S, pipelines?: Pipeline[]) {
  const secrets = new MemorySecrets(SECRETS);
  const starter = new FakeStarter();
  const sender = new FakeSender();
  const deps: DoorDeps = {
    secrets,
    store,
    pipelines: createPipelineLookup(pipelines ?? PIPELINES),
    starter,
    sender,
    maxBodyBytes: 1024 * 1024,
    now: () => new Date("2026-03-01T10:00:00Z"),
  };
  return { deps, secrets, starter, sender, store };
}

export interface RequestOptions {
  method?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

/** A request exactly as a sender would make it: the body bytes are sent untouched. */
export function request(url: string, body: string | Buffer, headers: Record<string, string>, options: RequestOptions = {}): HttpRequestType {
  return new HttpRequest({
    method: options.method ?? "POST",
    url: `http://localhost:7071${url}`,
    headers: { "content-type": "application/json", ...headers },
    // GET and HEAD carry no body (the library would discard it, noisily).
    ...(["GET", "HEAD"].includes(options.method ?? "POST") ? {} : { body: { bytes: typeof body === "string" ? Buffer.from(body, "utf8") : body } }),
    ...(options.params ? { params: options.params } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
}

/** A context whose log lines are collected instead of printed (pass an array to read them). */
export const context = (logs: string[] = []) =>
  new InvocationContext({ functionName: "test", logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(" ")}`) });

export function jsonOf(response: HttpResponseInit): Record<string, unknown> {
  return response.jsonBody as Record<string, unknown>;
}
