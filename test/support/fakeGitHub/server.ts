// A small fake of the GitHub REST endpoints Baton uses, backed by real bare repositories, with every
// request and response checked against GitHub's OpenAPI description. Problems are collected in
// `violations` (tests assert it stays empty) and the offending request fails loudly.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitFiles, git, initBare, resolveRef } from "../bareRepo.js";
import { isAncestor } from "./gitObjects.js";
import { gitRoutes } from "./gitRoutes.js";
import { OpenApiValidator } from "./openApi.js";
import { pullRoutes } from "./pullRoutes.js";
import { installationToken } from "./appAuth.js";
import { actionsControl, newActions, type FakeActionsControl } from "./actions.js";
import { actionsRoutes } from "./actionsRoutes.js";
import { notFound, type FakePull, type FakeRepo, type FakeResponse, type Route } from "./routes.js";

export interface FakeGitHub {
  /** Pass as Octokit's `baseUrl`. */
  readonly baseUrl: string;
  /** Creates `owner/repo` backed by a new bare repository holding `files` on `branch`. */
  createRepo(owner: string, repo: string, files: Record<string, string>, branch?: string): Promise<string>;
  gitdir(owner: string, repo: string): string;
  pulls(owner: string, repo: string): readonly FakePull[];
  /** Merges an open pull request as GitHub's "rebase" would when the base has not moved. */
  mergePull(owner: string, repo: string, number: number): Promise<string>;
  closePull(owner: string, repo: string, number: number): void;
  /** GitHub Actions runs of `owner/repo`: see them, finish them, delay their creation. */
  actions(owner: string, repo: string): FakeActionsControl;
  /** The next `count` API requests answer `status` (e.g. 502, or 403 with rate-limit headers). */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /** OpenAPI mismatches seen so far; tests assert this is empty. */
  readonly violations: readonly string[];
  /** Returns the violations seen so far and forgets them (for tests that provoke one on purpose). */
  takeViolations(): string[];
  /** Method and path of every request, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** The token (or installation token) the fake accepts; requests without it get 401. */
  token: string;
  /** A GitHub App: JWTs signed with its key may exchange for `token` at the installation endpoint. */
  app?: { appId: number; publicKeyPem: string; installationId: number };
  /** The clock that stamps workflow runs' created_at (default: the system clock). */
  now?: () => Date;
}

const routes: Route[] = [...gitRoutes, ...pullRoutes, ...actionsRoutes];

function matcher(template: string): RegExp {
  // `{ref}` and `{path}` may contain slashes; other parameters may not.
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "ref" || name === "path" ? `(?<${name}>.+)` : `(?<${name}>[^/]+)`));
  return new RegExp(`^${source}$`);
}
const compiled = routes.map((route) => ({ route, pattern: matcher(route.template) }));

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const root = await mkdtemp(join(tmpdir(), "fake-github-"));
  const repos = new Map<string, FakeRepo>();
  const validator = new OpenApiValidator();
  const violations: string[] = [];
  const requests: string[] = [];
  let failures: { status: number; count: number; headers: Record<string, string> } | undefined;
  let baseUrl = "";
  let runIds = 9000;

  async function answer(req: IncomingMessage): Promise<FakeResponse & { headers?: Record<string, string> }> {
    const url = new URL(req.url ?? "/", baseUrl);
    requests.push(`${req.method ?? ""} ${url.pathname}`);
    const auth = req.headers.authorization ?? "";
    if (options.app && req.method === "POST" && url.pathname === `/app/installations/${options.app.installationId}/access_tokens`) {
      return installationToken(auth, options.app, options.token, validator, violations);
    }
    if (auth !== `token ${options.token}` && auth !== `bearer ${options.token}` && auth !== `Bearer ${options.token}`) {
      return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } };
    }
    if (failures && failures.count > 0) {
      failures.count--;
      return { status: failures.status, body: { message: `Injected ${failures.status}`, documentation_url: "https://docs.github.com/rest" }, headers: failures.headers };
    }
    const body = await readBody(req);
    if (url.pathname === "/graphql") return graphql(body);
    const hit = compiled.map(({ route, pattern }) => ({ route, m: route.method === req.method ? pattern.exec(url.pathname) : null })).find((x) => x.m);
    if (!hit?.m) {
      violations.push(`unhandled ${req.method ?? ""} ${url.pathname}`);
      return notFound;
    }
    const { route } = hit;
    const params = Object.fromEntries(Object.entries(hit.m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const problems = validator.request(route.method, route.template, body);
    if (problems.length > 0) {
      violations.push(...problems);
      return { status: 422, body: { message: `Fake GitHub: request does not match the OpenAPI description: ${problems.join("; ")}`, documentation_url: "https://docs.github.com/rest" } };
    }
    const repo = repos.get(`${params.owner ?? ""}/${params.repo ?? ""}`);
    if (!repo) return notFound;
    const response = await route.handle({ method: route.method, template: route.template, params, query: url.searchParams, body, repo, baseUrl });
    const wrong = validator.response(route.method, route.template, response.status, response.body);
    if (wrong.length > 0) {
      violations.push(...wrong);
      return { status: 500, body: { message: `Fake GitHub: response does not match the OpenAPI description: ${wrong.join("; ")}` } };
    }
    return response;
  }

  /** The one GraphQL mutation Baton sends: enable auto-merge on a pull request (not in the REST description). */
  function graphql(body: unknown): FakeResponse {
    const { query, variables } = (body ?? {}) as { query?: string; variables?: { pullRequestId?: string; mergeMethod?: string } };
    const pull = [...repos.values()].flatMap((r) => r.pulls).find((p) => p.nodeId === variables?.pullRequestId);
    if (!query?.includes("enablePullRequestAutoMerge") || !pull || !variables?.mergeMethod) {
      violations.push(`unexpected GraphQL request: ${JSON.stringify(body)}`);
      return { status: 200, body: { errors: [{ message: "Fake GitHub supports only enablePullRequestAutoMerge" }] } };
    }
    pull.autoMerge = variables.mergeMethod.toLowerCase();
    return { status: 200, body: { data: { enablePullRequestAutoMerge: { pullRequest: { number: pull.number } } } } };
  }

  const server = createServer((req, res) => {
    answer(req).then(
      (r) => {
        res.writeHead(r.status, { "content-type": "application/json; charset=utf-8", ...r.headers });
        res.end(r.body === undefined ? "" : JSON.stringify(r.body));
      },
      (error: unknown) => {
        violations.push(`fake crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const repoOf = (owner: string, name: string): FakeRepo => {
    const repo = repos.get(`${owner}/${name}`);
    if (!repo) throw new Error(`fake has no repository ${owner}/${name}`);
    return repo;
  };
  const pullOf = (owner: string, name: string, number: number): FakePull => {
    const pull = repoOf(owner, name).pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`fake has no pull request #${number}`);
    return pull;
  };

  return {
    baseUrl,
    async createRepo(owner, name, files, branch = "main") {
      const gitdir = join(root, owner, `${name}.git`);
      await initBare(gitdir, branch);
      await commitFiles(gitdir, branch, files, "Initial commit");
      repos.set(`${owner}/${name}`, { owner, name, gitdir, defaultBranch: branch, pulls: [], actions: newActions(options.now ?? (() => new Date()), () => ++runIds) });
      return gitdir;
    },
    gitdir: (owner, name) => repoOf(owner, name).gitdir,
    pulls: (owner, name) => repoOf(owner, name).pulls,
    async mergePull(owner, name, number) {
      const repo = repoOf(owner, name);
      const pull = pullOf(owner, name, number);
      const head = await resolveRef(repo.gitdir, pull.head);
      const base = await resolveRef(repo.gitdir, pull.base);
      if (!head || !base || !(await isAncestor(repo.gitdir, base, head))) throw new Error(`fake can only fast-forward merge #${number}`);
      await git(repo.gitdir, ["update-ref", `refs/heads/${pull.base}`, head, base]);
      Object.assign(pull, { state: "closed", merged: true, mergeCommitSha: head });
      return head;
    },
    closePull(owner, name, number) {
      pullOf(owner, name, number).state = "closed";
    },
    actions: (owner, name) => actionsControl(repoOf(owner, name).actions),
    failNext(status, count = 1, headers = {}) {
      failures = { status, count, headers };
    },
    get violations() {
      return violations;
    },
    takeViolations() {
      return violations.splice(0, violations.length);
    },
    get requests() {
      return requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
