// GitHub Actions endpoints the workflow gate uses: dispatch, list a workflow's runs, get a run.
import { resolveRef } from "../bareRepo.js";
import type { FakeWorkflowRun } from "./actions.js";
import { objectType } from "./gitObjects.js";
import { resource } from "./gitRoutes.js";
import { field, notFound, unprocessable, type FakeRequest, type Route } from "./routes.js";

function runBody(req: FakeRequest, run: FakeWorkflowRun): Record<string, unknown> {
  const { owner, name } = req.repo;
  const api = `${req.baseUrl}/repos/${owner}/${name}`;
  return resource("workflow-run", {
    id: run.id,
    node_id: `WFR_${run.id}`,
    name: run.workflow,
    head_branch: run.branch,
    head_sha: run.headSha,
    path: `.github/workflows/${run.workflow}`,
    display_title: run.workflow,
    run_number: run.id,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 1,
    url: `${api}/actions/runs/${run.id}`,
    html_url: `https://github.example.test/${owner}/${name}/actions/runs/${run.id}`,
    created_at: run.createdAt,
    updated_at: run.createdAt,
    pull_requests: [],
  });
}

/** `>=2026-01-01T00:00:00Z`, the only form of the `created` filter the gate sends. */
function createdFilter(value: string | null): (run: FakeWorkflowRun) => boolean {
  const since = value?.startsWith(">=") ? Date.parse(value.slice(2)) : Number.NEGATIVE_INFINITY;
  return (run) => Date.parse(run.createdAt) >= since;
}

export const actionsRoutes: Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    async handle(req) {
      const workflow = req.params.workflow_id ?? "";
      const ref = field<string>(req.body, "ref");
      const branch = ref.replace(/^refs\/heads\//, "");
      const headSha = await resolveRef(req.repo.gitdir, branch);
      if (!headSha) return unprocessable(`No ref found for: ${ref}`);
      if ((await objectType(req.repo.gitdir, `${headSha}:.github/workflows/${workflow}`)) !== "blob") return notFound;
      const { actions } = req.repo;
      const run: FakeWorkflowRun = { id: actions.nextId(), workflow, branch, headSha, event: "workflow_dispatch", status: "queued", conclusion: null, inputs: field<Record<string, unknown> | undefined>(req.body, "inputs") ?? {}, createdAt: actions.now().toISOString() };
      (actions.holdNewRuns ? actions.hidden : actions.runs).push(run);
      if (!actions.returnRunDetails || field<boolean | undefined>(req.body, "return_run_details") !== true) return { status: 204 };
      const body = runBody(req, run);
      return { status: 200, body: { workflow_run_id: run.id, run_url: body.url, html_url: body.html_url } };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    handle(req) {
      const event = req.query.get("event");
      const branch = req.query.get("branch");
      const runs = req.repo.actions.runs
        .filter((r) => r.workflow === req.params.workflow_id && (!event || r.event === event) && (!branch || r.branch === branch))
        .filter(createdFilter(req.query.get("created")))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      const perPage = Number(req.query.get("per_page") ?? 30);
      return Promise.resolve({ status: 200, body: { total_count: runs.length, workflow_runs: runs.slice(0, perPage).map((r) => runBody(req, r)) } });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    handle(req) {
      const run = req.repo.actions.runs.find((r) => r.id === Number(req.params.run_id));
      return Promise.resolve(run ? { status: 200, body: runBody(req, run) } : notFound);
    },
  },
];
