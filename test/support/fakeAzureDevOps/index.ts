/**
 * A fake of the Azure DevOps Pipelines REST API on loopback (Runs - Run Pipeline, Runs - Get,
 * api-version 7.1), with every request and response validated against the vendored specification
 * (swagger.ts). Authentication as Azure DevOps does it: a PAT as basic credentials (any user name),
 * or an Entra bearer token; a PAT it does not know is answered 203 with a sign-in page, as the
 * real service does. Tests finish runs (`finish`) and read what was queued (`runs`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { SwaggerValidator } from "./swagger.js";

export interface FakeRun {
  organization: string;
  project: string;
  pipelineId: number;
  id: number;
  state: "inProgress" | "canceling" | "completed";
  result?: "succeeded" | "failed" | "canceled";
  refName?: string;
  version?: string;
  templateParameters: Record<string, string>;
  createdDate: string;
  finishedDate?: string;
}

export interface FakeAzureDevOps {
  /** The gate's `apiUrl`: organizations are the first path segment, as on dev.azure.com. */
  readonly baseUrl: string;
  /** A credential whose Entra token the fake accepts (for `auth: { kind: entra }`). */
  readonly credential: TokenCredential;
  /** Scopes the credential was asked for. */
  readonly scopes: readonly string[];
  /** Declares a pipeline runs may be queued for. */
  pipeline(organization: string, project: string, pipelineId: number, name?: string): void;
  runs(): readonly FakeRun[];
  finish(runId: number, result: "succeeded" | "failed" | "canceled"): void;
  /** The next `count` API requests answer `status`. */
  failNext(status: number, count?: number): void;
  /** Specification mismatches seen so far; tests assert this is empty. */
  readonly violations: readonly string[];
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const ENTRA_TOKEN = "fake-azure-devops-entra-token";
const RUNS = /^\/([^/]+)\/([^/]+)\/_apis\/pipelines\/([^/]+)\/runs(?:\/([^/]+))?$/;

export async function startFakeAzureDevOps(options: { pat: string; now?: () => Date }): Promise<FakeAzureDevOps> {
  const validator = new SwaggerValidator("pipelines7.1.json");
  const now = options.now ?? (() => new Date());
  const pipelines = new Map<string, string>();
  const runs: FakeRun[] = [];
  const violations: string[] = [];
  const requests: string[] = [];
  const scopes: string[] = [];
  let failures: { status: number; count: number } | undefined;
  let nextRunId = 5000;
  let baseUrl = "";

  const runBody = (run: FakeRun) => {
    const api = `${baseUrl}/${run.organization}/${run.project}/_apis/pipelines/${run.pipelineId}`;
    const web = `${baseUrl}/${run.organization}/${run.project}/_build/results?buildId=${run.id}`;
    return {
      _links: { self: { href: `${api}/runs/${run.id}` }, web: { href: web }, "pipeline.web": { href: `${baseUrl}/${run.organization}/${run.project}/_build/definition?definitionId=${run.pipelineId}` }, pipeline: { href: api } },
      pipeline: { url: `${api}?revision=1`, id: run.pipelineId, revision: 1, name: pipelines.get(`${run.organization}/${run.project}/${run.pipelineId}`) ?? "pipeline", folder: "\\" },
      state: run.state,
      ...(run.result ? { result: run.result } : {}),
      createdDate: run.createdDate,
      ...(run.finishedDate ? { finishedDate: run.finishedDate } : {}),
      url: `${api}/runs/${run.id}`,
      resources: { repositories: { self: { repository: { type: "azureReposGit" }, refName: run.refName ?? "refs/heads/main", ...(run.version ? { version: run.version } : {}) } } },
      id: run.id,
      name: `20260301.${run.id}`,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    requests.push(`${method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown, template?: string) => {
      if (template && status === 200) violations.push(...validator.response(method, template, status, body));
      res.writeHead(status, { "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=utf-8" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const error = (status: number, message: string) => send(status, { $id: "1", innerException: null, message, typeName: "Microsoft.TeamFoundation.Build.WebApi.FakeException", typeKey: "FakeException", errorCode: 0, eventId: 3000 });

    const auth = req.headers.authorization ?? "";
    const basic = /^Basic (.+)$/.exec(auth)?.[1];
    const pat = basic === undefined ? undefined : Buffer.from(basic, "base64").toString("utf8").split(":").slice(1).join(":");
    if (!(pat === options.pat || auth === `Bearer ${ENTRA_TOKEN}`)) {
      // Azure DevOps answers an unknown PAT with its sign-in page (203), a missing one with 401.
      if (auth === "") return error(401, "TF400813: The user is not authorized to access this resource.");
      return send(203, "<html><head><title>Azure DevOps Services | Sign In</title></head><body></body></html>");
    }
    if (failures && failures.count > 0) {
      failures.count--;
      return error(failures.status, `fake failure ${failures.status}`);
    }
    const match = RUNS.exec(url.pathname);
    if (!match) return error(404, `no route ${method} ${url.pathname}`);
    const [, organization = "", project = "", pipelineIdText = "", runIdText] = match.map((m) => (m === undefined ? undefined : decodeURIComponent(m)));
    const template = runIdText === undefined ? "/{organization}/{project}/_apis/pipelines/{pipelineId}/runs" : "/{organization}/{project}/_apis/pipelines/{pipelineId}/runs/{runId}";
    let body: unknown;
    if (text !== "") {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        violations.push(`${method} ${template}: body is not JSON`);
        return error(400, "The request body is not JSON.");
      }
    }
    const problems = validator.request(method, template, { organization, project, pipelineId: pipelineIdText, ...(runIdText ? { runId: runIdText } : {}) }, url.searchParams, body);
    if (problems.length > 0) {
      violations.push(...problems);
      return error(400, problems.join("; "));
    }
    if (url.searchParams.get("api-version") !== "7.1") return error(400, `The requested REST API version of ${url.searchParams.get("api-version") ?? ""} is not the one this fake serves (7.1).`);
    const pipelineId = Number(pipelineIdText);
    if (!pipelines.has(`${organization}/${project}/${pipelineId}`)) return error(404, `Pipeline with id ${pipelineId} not found in ${organization}/${project}.`);
    if (method === "POST" && runIdText === undefined) {
      const parameters = body as { resources?: { repositories?: { self?: { refName?: string; version?: string } } }; templateParameters?: Record<string, string> };
      const self = parameters.resources?.repositories?.self;
      const run: FakeRun = {
        organization,
        project,
        pipelineId,
        id: nextRunId++,
        state: "inProgress",
        ...(self?.refName ? { refName: self.refName } : {}),
        ...(self?.version ? { version: self.version } : {}),
        templateParameters: parameters.templateParameters ?? {},
        createdDate: now().toISOString(),
      };
      runs.push(run);
      return send(200, runBody(run), template);
    }
    if (method === "GET" && runIdText !== undefined) {
      const run = runs.find((r) => r.id === Number(runIdText) && r.organization === organization && r.pipelineId === pipelineId);
      if (!run) return error(404, `Run ${runIdText} not found.`);
      return send(200, runBody(run), template);
    }
    return error(405, `${method} is not supported here`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`fake failed: ${String(error)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    credential: {
      getToken: (scope: string | string[]): Promise<AccessToken> => {
        scopes.push(...(Array.isArray(scope) ? scope : [scope]));
        return Promise.resolve({ token: ENTRA_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    },
    scopes,
    pipeline: (organization, project, pipelineId, name = "pipeline") => void pipelines.set(`${organization}/${project}/${pipelineId}`, name),
    runs: () => runs,
    finish(runId, result) {
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new Error(`no run ${runId}`);
      Object.assign(run, { state: "completed", result, finishedDate: now().toISOString() });
    },
    failNext(status, count = 1) {
      failures = { status, count };
    },
    violations,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
