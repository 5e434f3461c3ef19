/**
 * The run a dispatch started, when GitHub did not say (GitHub Enterprise Server answers a
 * dispatch 204 with no run id): the newest `workflow_dispatch` run of the workflow created at or
 * after the dispatch. GitHub lists a run a moment after accepting the dispatch, so none may show.
 */
import type { WorkflowGate } from "../../durable/activityContracts.js";
import type { GitHubClient } from "../../gitops/github/client.js";
import { ownerAndName } from "./githubClient.js";

export async function findDispatchedRun(client: GitHubClient, gate: WorkflowGate, dispatchedAt: Date): Promise<number | undefined> {
  // created_at has whole seconds: a run created in the dispatch's second must still match.
  const since = new Date(Math.floor(dispatchedAt.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const { data } = await client.rest.actions.listWorkflowRuns({
    ...ownerAndName(gate),
    workflow_id: gate.workflow,
    event: "workflow_dispatch",
    created: `>=${since}`,
    per_page: 10,
    exclude_pull_requests: true,
  });
  const newest = [...data.workflow_runs].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)[0];
  return newest?.id;
}
