// A real `git http-backend` (CGI) behind a Node HTTP server on 127.0.0.1, serving the bare
// repositories of one folder over smart HTTP, as Azure Repos, GitLab and Gitea speak it. The local
// GitOps server of the walkthrough (`baton-git-server`), and the one tests and benchmarks use.
import { spawn, execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitFiles, initBare } from "./bareRepo.js";

export interface GitServer {
  /** Clone/push URL of a repository, e.g. `http://127.0.0.1:41234/gitops.git`. */
  url(repo: string): string;
  /** Path of a repository's bare directory, for assertions with the git CLI. */
  gitdir(repo: string): string;
  /** Creates a bare repository with one commit holding `files` on `branch` (default `main`). */
  createRepo(repo: string, files: Record<string, string>, branch?: string): Promise<string>;
  /** Number of HTTP requests served so far (fetches and pushes). */
  readonly requestCount: number;
  close(): Promise<void>;
}

export interface GitServerOptions {
  /** Require HTTP Basic credentials (as a hosted server would); any other answer gets 401. */
  basicAuth?: { username: string; password: string };
  /** Serve the bare repositories in this folder (kept on close); default: a new temporary folder. */
  root?: string;
  /** Default 0: a free port. */
  port?: number;
}

const backend = join(execFileSync("git", ["--exec-path"], { encoding: "utf8" }).trim(), "git-http-backend");

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const ownsRoot = options.root === undefined;
  const root = options.root ?? (await mkdtemp(join(tmpdir(), "baton-git-")));
  let requestCount = 0;
  const server = createServer((req, res) => {
    requestCount++;
    if (options.basicAuth && !authorized(req, options.basicAuth)) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end();
      return;
    }
    serveCgi(root, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const gitdir = (repo: string): string => join(root, `${repo}.git`);
  return {
    url: (repo) => `http://127.0.0.1:${port}/${repo}.git`,
    gitdir,
    async createRepo(repo, files, branch = "main") {
      await initBare(gitdir(repo), branch);
      await commitFiles(gitdir(repo), branch, files, "Initial commit");
      return gitdir(repo);
    },
    get requestCount() {
      return requestCount;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsRoot) await rm(root, { recursive: true, force: true });
    },
  };
}

function authorized(req: IncomingMessage, expected: { username: string; password: string }): boolean {
  const header = req.headers.authorization ?? "";
  const wanted = `Basic ${Buffer.from(`${expected.username}:${expected.password}`).toString("base64")}`;
  return header === wanted;
}

/** Runs one CGI request: request body to stdin, CGI headers (with `Status:`) back as HTTP. */
function serveCgi(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://localhost");
  const child = spawn(backend, [], {
    env: {
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      REQUEST_METHOD: req.method ?? "GET",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
      ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
      ...(typeof req.headers["git-protocol"] === "string" ? { GIT_PROTOCOL: req.headers["git-protocol"] } : {}),
      REMOTE_USER: "baton-test",
      REMOTE_ADDR: "127.0.0.1",
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headersSent = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.on("close", () => {
    if (!headersSent) res.writeHead(502).end(head);
    else res.end();
  });
  child.on("error", () => res.headersSent ? res.end() : res.writeHead(500).end());
}
