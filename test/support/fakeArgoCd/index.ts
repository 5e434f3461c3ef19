/**
 * A fake Argo CD API server on loopback, following Argo CD's published swagger for
 * `GET /api/v1/applications/{name}` (every request and response is checked against it; what the
 * contract rejects lands in `problems`). It behaves as Argo CD's application service does
 * (server/application/application.go): bearer tokens, `appNamespace`, the `project` check that
 * turns a missing Application into 404 (403 without a project, so as not to leak its existence),
 * `refresh=normal`, and gRPC-gateway `runtimeError` bodies for errors.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { KubeObject } from "../fakeKubernetes.js";
import { ArgoCdSwagger } from "./swagger.js";

export const FAKE_ARGOCD_TOKEN = "argocd-account-token-baton-0123456789";
const TEMPLATE = "/api/v1/applications/{name}";
// The gRPC codes Argo CD's errors carry (google.golang.org/grpc/codes).
const GRPC = { 400: 3, 401: 16, 403: 7, 404: 5, 500: 13, 503: 14 } as const;

export interface ArgoCdRequest {
  name: string;
  query: Record<string, string[]>;
}

export interface FakeArgoCd {
  url: string;
  /** Stores (or replaces) an Application, in the shape the controller writes (test/support/argoApplications.ts). */
  put(app: KubeObject): void;
  /** `namespace/name` of Applications the account may not get (RBAC denies). */
  denied: Set<string>;
  /** Statuses to answer the next requests with instead of serving them (a 503 during an upgrade). */
  failNext(...statuses: (keyof typeof GRPC)[]): void;
  /** The next request is accepted and never answered (a hung server). */
  hangNext(): void;
  /** From now on only this token is valid (the old one was revoked or expired). */
  acceptToken(token: string): void;
  /** Every GET served, in order. */
  requests: ArgoCdRequest[];
  /** Contract violations seen: must stay empty. */
  problems: string[];
  close(): Promise<void>;
}

export async function startFakeArgoCd(): Promise<FakeArgoCd> {
  const swagger = new ArgoCdSwagger();
  const apps = new Map<string, KubeObject>();
  const denied = new Set<string>();
  const failures: (keyof typeof GRPC)[] = [];
  const requests: ArgoCdRequest[] = [];
  const problems: string[] = [];
  let hang = false;
  let accepted = FAKE_ARGOCD_TOKEN;

  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    problems.push(...swagger.response("GET", TEMPLATE, status, body));
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: keyof typeof GRPC, message: string): void => answer(res, status, { error: message, code: GRPC[status], message, details: [] });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://argocd");
    const route = /^\/api\/v1\/applications\/([^/]+)$/.exec(url.pathname);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "GET" || !route?.[1]) {
        problems.push(`${req.method ?? "?"} ${url.pathname} is not an operation Baton may call`);
        error(res, 404, "Not Found");
        return;
      }
      const name = decodeURIComponent(route[1]);
      problems.push(...swagger.request("GET", TEMPLATE, { name }, url.searchParams, chunks.length > 0));
      // grpc-gateway reads the token from the Authorization header (or the argocd.token cookie).
      const auth = req.headers.authorization;
      if (!auth) return error(res, 401, "no session information");
      if (auth !== `Bearer ${accepted}`) return error(res, 401, "invalid session: token signature is invalid");
      const query = Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)]));
      requests.push({ name, query });
      if (hang) {
        hang = false;
        return;
      }
      const failure = failures.shift();
      if (failure) return error(res, failure, failure === 503 ? "upstream connect error or disconnect/reset before headers" : "internal error");
      // The server's own namespace when none is given; the fake's control plane lives in argocd.
      const namespace = url.searchParams.get("appNamespace") || "argocd";
      const projects = [...url.searchParams.getAll("project"), ...url.searchParams.getAll("projects")];
      if (projects.length > 1) return error(res, 400, "multiple projects specified - the get endpoint accepts either zero or one project");
      const project = projects[0];
      const app = apps.get(`${namespace}/${name}`);
      if (!app) return project ? error(res, 404, `applications.argoproj.io "${name}" not found`) : error(res, 403, "permission denied");
      const spec = (app["spec"] ?? {}) as { project?: string };
      if (denied.has(`${namespace}/${name}`) || (project && spec.project !== project)) return error(res, 403, "permission denied");
      // A typed client-go Get leaves TypeMeta empty, so Argo CD's answer has no apiVersion or kind.
      const { apiVersion: _apiVersion, kind: _kind, ...served } = app;
      answer(res, 200, served);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    put: (app) => void apps.set(`${app.metadata.namespace}/${app.metadata.name}`, app),
    denied,
    failNext: (...statuses) => void failures.push(...statuses),
    acceptToken: (token) => {
      accepted = token;
    },
    hangNext: () => {
      hang = true;
    },
    requests,
    problems,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
