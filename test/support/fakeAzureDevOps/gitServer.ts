// A small fake of Azure Repos for tests: git over smart HTTP at /{org}/{project}/_git/{repo} (a
// real `git http-backend` behind it, the loopback git server), and the Git REST calls Baton makes
// (refs, pull requests, Items - Get; api-version 7.1) on real bare repositories. Every REST request
// and response is checked against the published specification (swagger.ts); problems are collected in
// `violations`, which tests assert stays empty. Requests need a PAT (Basic, any user name) or a
// bearer token the test names, as Azure DevOps does.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { git, resolveRef } from "../bareRepo.js";
import { startGitServer, type GitServer } from "../gitServer.js";
import { SwaggerValidator } from "./swagger.js";

const ZERO = "0000000000000000000000000000000000000000";
const CREATOR = { id: "6b0a2f4e-2c6e-4d1a-9c8e-0f5a6b7c8d9e", displayName: "Baton", uniqueName: "baton@contoso.example" };
const REPOSITORY_ID = "5febef5a-833d-4e14-b9c0-14cb638f91e6";

export interface FakePullRequest {
  pullRequestId: number;
  repository: string;
  status: "active" | "abandoned" | "completed";
  sourceRefName: string;
  targetRefName: string;
  title: string;
  description: string;
  labels: string[];
  autoCompleteSetBy?: { id: string };
  completionOptions?: { mergeStrategy?: string; deleteSourceBranch?: boolean; mergeCommitMessage?: string };
  lastMergeCommit?: string;
}

export interface FakeAzureDevOps {
  /** The repository URL as Azure Repos shows it: `http://127.0.0.1:PORT/{org}/{project}/_git/{repo}`. */
  url(repo: string): string;
  gitdir(repo: string): string;
  createRepo(repo: string, files: Record<string, string>, branch?: string): Promise<string>;
  pullRequests(repo: string): readonly FakePullRequest[];
  /** Completes an active pull request as Azure Repos does with its strategy (default squash); returns the merge commit. */
  complete(repo: string, id: number): Promise<string>;
  abandon(repo: string, id: number): void;
  /** Specification mismatches seen so far; tests assert this is empty. */
  readonly violations: readonly string[];
  /** Method, path and query of every REST request, in order. */
  readonly requests: readonly string[];
  /** Every Authorization header received (git and REST), to check what credential was used. */
  readonly authorizations: readonly string[];
  close(): Promise<void>;
}

export interface FakeAzureDevOpsOptions {
  organization: string;
  project: string;
  /** A personal access token accepted as the Basic password (any user name). */
  pat?: string;
  /** A bearer token accepted as the app's Entra token. */
  bearer?: string;
}

type Answer = { status: number; body?: unknown };

export async function startFakeAzureDevOps(options: FakeAzureDevOpsOptions): Promise<FakeAzureDevOps> {
  const backend: GitServer = await startGitServer();
  const validator = new SwaggerValidator("git7.1.json");
  const violations: string[] = [];
  const requests: string[] = [];
  const authorizations: string[] = [];
  const pulls: FakePullRequest[] = [];
  let origin = "";
  // As the service spells it in URLs: each segment percent-encoded ("Platform%20Team").
  const prefix = `/${encodeURIComponent(options.organization)}/${encodeURIComponent(options.project)}`;

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    authorizations.push(header);
    if (options.bearer && header === `Bearer ${options.bearer}`) return true;
    if (options.pat && header.startsWith("Basic ")) {
      const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
      return decoded.slice(decoded.indexOf(":") + 1) === options.pat;
    }
    return false;
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push(`fake failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    if (!authorized(req)) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="https://dev.azure.com/"' }).end();
      return;
    }
    const gitPath = new RegExp(`^${prefix}/_git/([^/]+)(/.*)$`).exec(url.pathname);
    if (gitPath) return proxyGit(req, res, `/${gitPath[1]}.git${gitPath[2]}${url.search}`);
    const api = new RegExp(`^${prefix}/_apis/git/repositories/([^/]+)(/.*)$`).exec(url.pathname);
    if (!api) {
      res.writeHead(404).end();
      return;
    }
    const repo = decodeURIComponent(api[1] ?? "");
    const rest = api[2] ?? "";
    const body = await readJson(req);
    requests.push(`${req.method ?? ""} ${url.pathname}${url.search}`);
    const method = req.method ?? "GET";
    // Items - Get is the operation with `path` in its query (an `x-ms-paths` entry of the specification).
    const operation = rest === "/items" && url.searchParams.has("path") ? "/items?path={path}" : rest.replace(/^\/pullrequests\/\d+$/, "/pullrequests/{pullRequestId}");
    const template = `/{organization}/{project}/_apis/git/repositories/{repositoryId}${operation}`;
    const pullRequestId = /^\/pullrequests\/(.+)$/.exec(rest)?.[1];
    violations.push(...validator.request(method, template, pullRequestId === undefined ? {} : { pullRequestId }, url.searchParams, body));
    const answer = await route(method, repo, rest, url.searchParams, body);
    violations.push(...validator.response(method, template, answer.status, answer.body));
    res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" }).end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  }

  function proxyGit(req: IncomingMessage, res: ServerResponse, path: string): void {
    const target = new URL(backend.url("x"));
    const headers = { ...req.headers };
    delete headers.authorization;
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => (res.headersSent ? res.end() : res.writeHead(502).end()));
    req.pipe(upstream);
  }

  const gitdir = (repo: string): string => backend.gitdir(repo);
  const list = (value: unknown[]): Answer => ({ status: 200, body: { count: value.length, value } });
  const notFound = (message: string): Answer => ({ status: 404, body: { message, typeKey: "GitRepositoryNotFoundException" } });

  async function route(method: string, repo: string, rest: string, query: URLSearchParams, body: unknown): Promise<Answer> {
    if (!(await exists(repo))) return notFound(`TF401019: The Git repository with name or identifier ${repo} does not exist.`);
    if (rest === "/refs" && method === "GET") {
      const filter = query.get("filter") ?? "";
      // `filter` is a prefix of the name without refs/, as the service reads it.
      const all = (await git(gitdir(repo), ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"])).split("\n").filter(Boolean);
      const refs = all
        .map((line) => line.split(" "))
        .filter(([name]) => (name ?? "").startsWith(`refs/${filter}`))
        .map(([name, objectId]) => ({ name, objectId, creator: CREATOR, url: `${origin}${prefix}/_apis/git/repositories/${REPOSITORY_ID}/refs?filter=${encodeURIComponent((name ?? "").slice(5))}` }));
      return list(refs);
    }
    if (rest === "/refs" && method === "POST") {
      const updates = body as { name: string; oldObjectId: string; newObjectId: string }[];
      const results = [];
      for (const u of updates) {
        const current = await resolveRef(gitdir(repo), u.name.replace(/^refs\/heads\//, ""));
        const stale = (current ?? ZERO) !== u.oldObjectId;
        if (!stale) {
          if (u.newObjectId === ZERO) await git(gitdir(repo), ["update-ref", "-d", u.name, u.oldObjectId]);
          else await git(gitdir(repo), ["update-ref", u.name, u.newObjectId, u.oldObjectId === ZERO ? "" : u.oldObjectId]);
        }
        results.push({ name: u.name, oldObjectId: u.oldObjectId, newObjectId: u.newObjectId, isLocked: false, repositoryId: REPOSITORY_ID, success: !stale, updateStatus: stale ? "staleOldObjectId" : "succeeded" });
      }
      return list(results);
    }
    if (rest === "/pullrequests" && method === "GET") {
      const status = query.get("searchCriteria.status");
      const found = pulls.filter(
        (p) =>
          p.repository === repo &&
          (!status || p.status === status) &&
          (!query.get("searchCriteria.sourceRefName") || p.sourceRefName === query.get("searchCriteria.sourceRefName")) &&
          (!query.get("searchCriteria.targetRefName") || p.targetRefName === query.get("searchCriteria.targetRefName")),
      );
      return list(found.map(view));
    }
    if (rest === "/pullrequests" && method === "POST") {
      const input = body as { sourceRefName: string; targetRefName: string; title: string; description?: string; labels?: { name: string }[] };
      for (const ref of [input.sourceRefName, input.targetRefName]) {
        if (!(await resolveRef(gitdir(repo), ref.replace(/^refs\/heads\//, "")))) return notFound(`TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists (${ref}).`);
      }
      if ((input.description ?? "").length > 4000) return { status: 400, body: { message: "The description is longer than 4000 characters.", typeKey: "InvalidArgumentValueException" } };
      if (pulls.some((p) => p.repository === repo && p.status === "active" && p.sourceRefName === input.sourceRefName && p.targetRefName === input.targetRefName)) {
        return { status: 409, body: { message: "TF401179: An active pull request for the source and target branch already exists.", typeKey: "GitPullRequestExistsException" } };
      }
      const pr: FakePullRequest = {
        pullRequestId: pulls.length + 1,
        repository: repo,
        status: "active",
        sourceRefName: input.sourceRefName,
        targetRefName: input.targetRefName,
        title: input.title,
        description: input.description ?? "",
        labels: (input.labels ?? []).map((l) => l.name),
      };
      pulls.push(pr);
      return { status: 200, body: view(pr) };
    }
    if (rest === "/items" && method === "GET") return item(repo, query);
    const byId = /^\/pullrequests\/(\d+)$/.exec(rest);
    const pr = byId ? pulls.find((p) => p.repository === repo && p.pullRequestId === Number(byId[1])) : undefined;
    if (byId && !pr) return notFound(`TF401180: The requested pull request was not found.`);
    if (pr && method === "GET") return { status: 200, body: view(pr) };
    if (pr && method === "PATCH") {
      const patch = body as Partial<Pick<FakePullRequest, "autoCompleteSetBy" | "completionOptions" | "status">>;
      if (patch.autoCompleteSetBy) pr.autoCompleteSetBy = patch.autoCompleteSetBy;
      if (patch.completionOptions) pr.completionOptions = patch.completionOptions;
      if (patch.status === "abandoned") pr.status = "abandoned";
      return { status: 200, body: view(pr) };
    }
    return { status: 404, body: { message: `the fake does not serve ${method} ${rest}`, typeKey: "NotFound" } };
  }

  /** Items - Get of one file at a branch, tag or commit, with its content when asked. */
  async function item(repo: string, query: URLSearchParams): Promise<Answer> {
    const path = query.get("path") ?? "";
    const version = query.get("versionDescriptor.version") ?? "main";
    const type = query.get("versionDescriptor.versionType") ?? "branch";
    const revision = type === "branch" ? `refs/heads/${version}` : type === "tag" ? `refs/tags/${version}` : version;
    const commitId = (await git(gitdir(repo), ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`]).catch(() => "")).trim();
    if (!commitId) return { status: 404, body: { message: `TF401175: The version descriptor <${type}: ${version} > could not be resolved to a version in the repository ${repo}`, typeKey: "GitUnresolvableToCommitException" } };
    const inside = path.replace(/^\/+/, "");
    const objectId = (await git(gitdir(repo), ["rev-parse", "--verify", "--quiet", `${commitId}:${inside}`]).catch(() => "")).trim();
    if (!objectId) return { status: 404, body: { message: `TF401174: The item '${path}' could not be found in the repository '${repo}' at the version specified by '<${type}: ${version} >'.`, typeKey: "GitItemNotFoundException" } };
    const kind = (await git(gitdir(repo), ["cat-file", "-t", objectId])).trim();
    const url = `${origin}${prefix}/_apis/git/repositories/${REPOSITORY_ID}/items?path=${encodeURIComponent(path)}&versionType=${type}&version=${encodeURIComponent(version)}`;
    const content = kind === "blob" && query.get("includeContent") === "true" ? { content: await git(gitdir(repo), ["cat-file", "blob", objectId]) } : {};
    return { status: 200, body: { objectId, gitObjectType: kind, commitId, path, ...(kind === "tree" ? { isFolder: true } : {}), ...content, url } };
  }

  async function exists(repo: string): Promise<boolean> {
    return git(gitdir(repo), ["rev-parse", "--git-dir"]).then(
      () => true,
      () => false,
    );
  }

  function view(pr: FakePullRequest): Record<string, unknown> {
    return {
      pullRequestId: pr.pullRequestId,
      codeReviewId: pr.pullRequestId,
      status: pr.status,
      createdBy: CREATOR,
      creationDate: "2026-01-01T00:00:00Z",
      title: pr.title,
      description: pr.description,
      sourceRefName: pr.sourceRefName,
      targetRefName: pr.targetRefName,
      mergeStatus: pr.status === "completed" ? "succeeded" : "queued",
      isDraft: false,
      mergeId: "f5fc8381-3fb2-49fe-8a0d-27dcc2d6ef82",
      reviewers: [],
      labels: pr.labels.map((name, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, name, active: true })),
      url: `${origin}${prefix}/_apis/git/repositories/${REPOSITORY_ID}/pullRequests/${pr.pullRequestId}`,
      repository: { id: REPOSITORY_ID, name: pr.repository, url: `${origin}${prefix}/_apis/git/repositories/${REPOSITORY_ID}`, project: { id: "a7573007-bbb3-4341-b726-0c4148a07853", name: options.project, state: "wellFormed", visibility: "private" } },
      supportsIterations: true,
      ...(pr.autoCompleteSetBy ? { autoCompleteSetBy: { ...CREATOR, id: pr.autoCompleteSetBy.id } } : {}),
      ...(pr.completionOptions ? { completionOptions: pr.completionOptions } : {}),
      ...(pr.lastMergeCommit ? { lastMergeCommit: { commitId: pr.lastMergeCommit, url: `${origin}${prefix}/_apis/git/repositories/${REPOSITORY_ID}/commits/${pr.lastMergeCommit}` } } : {}),
      ...(pr.status === "completed" ? { closedDate: "2026-01-01T01:00:00Z", closedBy: CREATOR } : {}),
    };
  }

  async function complete(repo: string, id: number): Promise<string> {
    const pr = pulls.find((p) => p.repository === repo && p.pullRequestId === id);
    if (!pr || pr.status !== "active") throw new Error(`pull request ${id} is not active`);
    const dir = gitdir(repo);
    const target = pr.targetRefName.replace(/^refs\/heads\//, "");
    const source = pr.sourceRefName.replace(/^refs\/heads\//, "");
    const base = await resolveRef(dir, target);
    const head = await resolveRef(dir, source);
    if (!base || !head) throw new Error("source or target branch is gone");
    const tree = (await git(dir, ["rev-parse", `${head}^{tree}`])).trim();
    const strategy = pr.completionOptions?.mergeStrategy ?? "noFastForward";
    const message = pr.completionOptions?.mergeCommitMessage ?? `Merged PR ${id}: ${pr.title}`;
    // The base has not moved in these tests, so the merged tree is the source's tree.
    const parents = strategy === "squash" ? ["-p", base] : strategy === "rebase" ? [] : ["-p", base, "-p", head];
    const merged = strategy === "rebase" ? head : (await git(dir, ["commit-tree", tree, ...parents], { input: message })).trim();
    await git(dir, ["update-ref", `refs/heads/${target}`, merged, base]);
    if (pr.completionOptions?.deleteSourceBranch) await git(dir, ["update-ref", "-d", `refs/heads/${source}`, head]);
    pr.status = "completed";
    pr.lastMergeCommit = merged;
    return merged;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (repo) => `${origin}${prefix}/_git/${repo}`,
    gitdir,
    createRepo: (repo, files, branch) => backend.createRepo(repo, files, branch),
    pullRequests: (repo) => pulls.filter((p) => p.repository === repo),
    complete,
    abandon(repo, id) {
      const pr = pulls.find((p) => p.repository === repo && p.pullRequestId === id);
      if (pr) pr.status = "abandoned";
    },
    violations,
    requests,
    authorizations,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : undefined;
}
