// Git Data and Contents endpoints, answered from a real bare repository.
import { git, resolveRef } from "../bareRepo.js";
import { isAncestor, objectType, readCommit, treeEntries, writeCommit, writeTree, type Person, type TreeEntryInput } from "./gitObjects.js";
import { field, notFound, unprocessable, type FakeRequest, type Route } from "./routes.js";
import { sampleFor } from "./schemaSample.js";
import { loadSpec } from "./openApi.js";

const repoUrl = (req: FakeRequest): string => `${req.baseUrl}/repos/${req.repo.owner}/${req.repo.name}`;

/** A complete schema-valid object of a GitHub component, with `overrides` on top. */
export function resource(component: string, overrides: Record<string, unknown>): Record<string, unknown> {
  const spec = loadSpec();
  return { ...(sampleFor(spec as unknown as Record<string, unknown>, { $ref: `#/components/schemas/${component}` }) as object), ...overrides };
}

function refBody(req: FakeRequest, ref: string, sha: string): Record<string, unknown> {
  return resource("git-ref", { ref, node_id: `REF_${sha}`, url: `${repoUrl(req)}/git/${ref}`, object: { type: "commit", sha, url: `${repoUrl(req)}/git/commits/${sha}` } });
}

async function commitBody(req: FakeRequest, sha: string): Promise<Record<string, unknown>> {
  const c = await readCommit(req.repo.gitdir, sha);
  return resource("git-commit", {
    sha,
    node_id: `C_${sha}`,
    url: `${repoUrl(req)}/git/commits/${sha}`,
    html_url: `https://github.example.test/${req.repo.owner}/${req.repo.name}/commit/${sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: `${repoUrl(req)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${repoUrl(req)}/git/commits/${p}`, html_url: `https://github.example.test/${req.repo.owner}/${req.repo.name}/commit/${p}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  });
}

const branchOf = (ref: string): string | undefined => (ref.startsWith("heads/") ? ref.slice("heads/".length) : undefined);

export const gitRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/ref/{ref}",
    async handle(req) {
      const branch = branchOf(req.params.ref ?? "");
      const sha = branch ? await resolveRef(req.repo.gitdir, branch) : undefined;
      return sha ? { status: 200, body: refBody(req, `refs/${req.params.ref}`, sha) } : notFound;
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/contents/{path}",
    async handle(req) {
      const rev = req.query.get("ref") ?? req.repo.defaultBranch;
      const path = req.params.path ?? "";
      const spec = `${rev}:${path}`;
      if ((await objectType(req.repo.gitdir, spec)) !== "blob") return notFound;
      const sha = (await git(req.repo.gitdir, ["rev-parse", spec])).trim();
      const bytes = Buffer.from(await git(req.repo.gitdir, ["cat-file", "blob", sha]), "utf8");
      const url = `${repoUrl(req)}/contents/${path}?ref=${rev}`;
      const html = `https://github.example.test/${req.repo.owner}/${req.repo.name}/blob/${rev}/${path}`;
      const gitUrl = `${repoUrl(req)}/git/blobs/${sha}`;
      return {
        status: 200,
        body: { type: "file", encoding: "base64", size: bytes.length, name: path.split("/").at(-1), path, content: bytes.toString("base64"), sha, url, git_url: gitUrl, html_url: html, download_url: html, _links: { self: url, git: gitUrl, html } },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    async handle(req) {
      const sha = req.params.commit_sha ?? "";
      return (await objectType(req.repo.gitdir, sha)) === "commit" ? { status: 200, body: await commitBody(req, sha) } : notFound;
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/blobs",
    async handle(req) {
      const encoding = field<string | undefined>(req.body, "encoding") ?? "utf-8";
      const content = Buffer.from(field<string>(req.body, "content"), encoding === "base64" ? "base64" : "utf8");
      const sha = (await git(req.repo.gitdir, ["hash-object", "-w", "--stdin"], { input: content })).trim();
      return { status: 201, body: { sha, url: `${repoUrl(req)}/git/blobs/${sha}` } };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/trees",
    async handle(req) {
      const base = field<string | undefined>(req.body, "base_tree");
      if (base && (await objectType(req.repo.gitdir, base)) !== "tree") return unprocessable("base_tree is not a valid tree oid");
      const sha = await writeTree(req.repo.gitdir, base, field<TreeEntryInput[]>(req.body, "tree"));
      const tree = (await treeEntries(req.repo.gitdir, sha)).map((e) => ({ ...e, url: `${repoUrl(req)}/git/${e.type}s/${e.sha}` }));
      return { status: 201, body: { sha, url: `${repoUrl(req)}/git/trees/${sha}`, truncated: false, tree } };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/commits",
    async handle(req) {
      const now: Person = { name: "Fake GitHub App[bot]", email: "app@users.noreply.example.test", date: new Date().toISOString() };
      const author = { ...now, ...field<Partial<Person> | undefined>(req.body, "author") };
      const committer = { ...author, ...field<Partial<Person> | undefined>(req.body, "committer") };
      const sha = await writeCommit(req.repo.gitdir, field<string>(req.body, "tree"), field<string[]>(req.body, "parents"), field<string>(req.body, "message"), author, committer);
      return { status: 201, body: await commitBody(req, sha) };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/git/refs/{ref}",
    async handle(req) {
      const branch = branchOf(req.params.ref ?? "");
      const current = branch ? await resolveRef(req.repo.gitdir, branch) : undefined;
      if (!branch || !current) return unprocessable("Reference does not exist");
      const sha = field<string>(req.body, "sha");
      if (field<boolean | undefined>(req.body, "force") !== true && !(await isAncestor(req.repo.gitdir, current, sha))) return unprocessable("Update is not a fast forward");
      // update-ref with the old value is git's own compare-and-swap: a concurrent move loses here.
      const moved = await git(req.repo.gitdir, ["update-ref", `refs/heads/${branch}`, sha, current]).then(() => true, () => false);
      return moved ? { status: 200, body: refBody(req, `refs/heads/${branch}`, sha) } : unprocessable("Update is not a fast forward");
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/refs",
    async handle(req) {
      const ref = field<string>(req.body, "ref");
      const sha = field<string>(req.body, "sha");
      if (!ref.startsWith("refs/heads/")) return unprocessable("Reference name must start with refs/heads/ in this fake");
      const created = await git(req.repo.gitdir, ["update-ref", ref, sha, ""]).then(() => true, () => false);
      return created ? { status: 201, body: refBody(req, ref, sha) } : unprocessable("Reference already exists");
    },
  },
];
