// Pull-request endpoints over the fake's in-memory pull requests (their branches are real refs).
import { resolveRef } from "../bareRepo.js";
import { resource } from "./gitRoutes.js";
import { field, notFound, unprocessable, type FakePull, type FakeRequest, type Route } from "./routes.js";

function pullBody(req: FakeRequest, pull: FakePull, component: "pull-request" | "pull-request-simple"): Record<string, unknown> {
  const { owner, name } = req.repo;
  const api = `${req.baseUrl}/repos/${owner}/${name}`;
  const html = `https://github.example.test/${owner}/${name}/pull/${pull.number}`;
  const side = (ref: string, sha: string): Record<string, unknown> => ({ ...(resource("pull-request", {}).head as object), label: `${owner}:${ref}`, ref, sha });
  return resource(component, {
    id: pull.number,
    node_id: pull.nodeId,
    number: pull.number,
    url: `${api}/pulls/${pull.number}`,
    html_url: html,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    merged: pull.merged,
    merged_at: pull.merged ? "2025-01-01T00:00:00Z" : null,
    merge_commit_sha: pull.mergeCommitSha,
    labels: pull.labels.map((l, i) => resource("label", { id: i + 1, node_id: `L_${l}`, name: l, url: `${api}/labels/${l}`, color: "ededed", default: false, description: "" })),
    head: side(pull.head, pull.headSha),
    base: side(pull.base, pull.headSha),
    auto_merge: pull.autoMerge ? resource("auto-merge", { merge_method: pull.autoMerge, commit_title: pull.title, commit_message: "" }) : null,
  });
}

function findPull(req: FakeRequest): FakePull | undefined {
  return req.repo.pulls.find((p) => p.number === Number(req.params.pull_number ?? req.params.issue_number));
}

export const pullRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls",
    handle(req) {
      const head = req.query.get("head");
      const state = req.query.get("state") ?? "open";
      const base = req.query.get("base");
      const pulls = req.repo.pulls.filter(
        (p) => (state === "all" || p.state === state) && (!head || `${req.repo.owner}:${p.head}` === head) && (!base || p.base === base),
      );
      return Promise.resolve({ status: 200, body: pulls.map((p) => pullBody(req, p, "pull-request-simple")) });
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls",
    async handle(req) {
      const head = field<string>(req.body, "head");
      const base = field<string>(req.body, "base");
      const headSha = await resolveRef(req.repo.gitdir, head);
      if (!headSha || !(await resolveRef(req.repo.gitdir, base))) return unprocessable("Validation Failed: head or base does not exist");
      if (req.repo.pulls.some((p) => p.state === "open" && p.head === head && p.base === base)) return unprocessable(`A pull request already exists for ${req.repo.owner}:${head}.`);
      const number = req.repo.pulls.length + 1;
      const pull: FakePull = { number, nodeId: `PR_${number}`, head, base, title: field<string>(req.body, "title"), body: field<string | undefined>(req.body, "body") ?? "", labels: [], state: "open", merged: false, mergeCommitSha: null, autoMerge: null, headSha };
      req.repo.pulls.push(pull);
      return { status: 201, body: pullBody(req, pull, "pull-request") };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    handle(req) {
      const pull = findPull(req);
      return Promise.resolve(pull ? { status: 200, body: pullBody(req, pull, "pull-request") } : notFound);
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handle(req) {
      const pull = findPull(req);
      if (!pull) return Promise.resolve(notFound);
      for (const label of field<string[]>(req.body, "labels")) if (!pull.labels.includes(label)) pull.labels.push(label);
      const api = `${req.baseUrl}/repos/${req.repo.owner}/${req.repo.name}`;
      return Promise.resolve({ status: 200, body: pull.labels.map((l, i) => resource("label", { id: i + 1, node_id: `L_${l}`, name: l, url: `${api}/labels/${l}`, color: "ededed", default: false, description: "" })) });
    },
  },
];
