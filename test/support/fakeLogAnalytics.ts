/**
 * A fake Log Analytics query endpoint on loopback, following the REST contract the real
 * LogsQueryClient speaks: POST /v1/workspaces/{workspaceId}/query with {query, timespan}, bearer
 * auth, answers {tables: [{name, columns: [{name, type}], rows}]} or {error: {code, message}}.
 * Tests queue answers per workspace; the last one repeats.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { TokenCredential } from "@azure/identity";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { listenOnLoopback, loopbackHttpClient } from "./loopbackHttpClient.js";

export interface FakeQueryAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SeenQuery {
  workspaceId: string;
  query: string;
  timespan: string | undefined;
}

export interface FakeLogAnalytics {
  /** The https endpoint the SDK uses by default; `httpClient` routes it here. */
  endpoint: string;
  httpClient: HttpClient;
  /** A credential whose token the fake accepts. */
  credential: TokenCredential;
  answer(workspaceId: string, ...answers: FakeQueryAnswer[]): void;
  readonly queries: readonly SeenQuery[];
  close(): Promise<void>;
}

const TOKEN = "fake-log-analytics-token";

/** The answer to a query ending in `| summarize name = ...`: one table, one row, one column. */
export function singleValue(name: string, type: string, value: unknown): FakeQueryAnswer {
  return { status: 200, body: { tables: [{ name: "PrimaryResult", columns: [{ name, type }], rows: [[value]] }] } };
}

export function queryError(status: number, code: string, message: string, innererror?: { code: string; message: string }): FakeQueryAnswer {
  return { status, body: { error: { code, message, ...(innererror ? { innererror } : {}) } } };
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function validQuery(body: unknown): body is { query: string; timespan?: string } {
  const b = body as { query?: unknown; timespan?: unknown } | undefined;
  return typeof b?.query === "string" && (b.timespan === undefined || typeof b.timespan === "string");
}

export async function startFakeLogAnalytics(): Promise<FakeLogAnalytics> {
  const endpoint = "https://api.loganalytics.io";
  const answers = new Map<string, FakeQueryAnswer[]>();
  const queries: SeenQuery[] = [];
  async function respond(req: IncomingMessage): Promise<FakeQueryAnswer> {
    const path = /^\/v1\/workspaces\/([^/]+)\/query$/.exec(new URL(req.url ?? "/", "http://fake").pathname);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return queryError(401, "AuthorizationRequiredError", "Valid authentication was not provided");
    if (req.method !== "POST" || !path?.[1]) return queryError(404, "PathNotFoundError", `The requested path does not exist: ${req.method ?? ""} ${req.url ?? ""}`);
    const body = await jsonBody(req);
    if (!req.headers["content-type"]?.startsWith("application/json") || !validQuery(body)) return queryError(400, "BadArgumentError", "The request body must be JSON with a string query");
    const workspaceId = decodeURIComponent(path[1]);
    queries.push({ workspaceId, query: body.query, timespan: body.timespan });
    const queue = answers.get(workspaceId);
    if (!queue?.[0]) return queryError(404, "WorkspaceNotFoundError", `Workspace ${workspaceId} not found or not accessible`);
    return queue.length > 1 ? (queue.shift() ?? queue[0]) : queue[0];
  }
  const server: Server = createServer((req, res) => {
    void respond(req).then((a) => {
      res.writeHead(a.status, { "content-type": "application/json; charset=utf-8", ...a.headers });
      res.end(JSON.stringify(a.body));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    endpoint,
    httpClient: loopbackHttpClient(endpoint, port),
    credential: { getToken: () => Promise.resolve({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    answer: (workspaceId, ...list) => answers.set(workspaceId, list),
    get queries() {
      return queries;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
