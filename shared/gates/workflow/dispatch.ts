/**
 * The `dispatchWorkflow` activity: starts the gate's workflow on its ref with the rendered inputs
 * and answers the run it started. Its `headSha` is the run's `head_sha`, the key under which the
 * `workflow_run` completed webhook raises `workflow.finished`.
 */
import type { ActivityInput, ActivityOutput, WorkflowGate } from "../../durable/activityContracts.js";
import { running, succeeded } from "../../steps/result.js";
import type { GitHubClient } from "../../gitops/github/client.js";
import type { WorkflowGateDeps } from "./deps.js";
import { clientFailure, githubFailure } from "./failures.js";
import { findDispatchedRun } from "./findRun.js";
import { ownerAndName, workflowClient } from "./githubClient.js";
import { renderInputs } from "./inputs.js";

/** How soon to look again for a run GitHub has not listed yet; it usually appears within seconds. */
export const RUN_NOT_LISTED_RETRY_MS = 5_000;

export const describeWorkflow = (gate: WorkflowGate): string => `workflow gate ${gate.name} (${gate.repository} ${gate.workflow} on ${gate.ref})`;

export const createDispatchWorkflow =
  (deps: WorkflowGateDeps) =>
  async ({ gate, promotionId, stage, commit }: ActivityInput<"dispatchWorkflow">): Promise<ActivityOutput<"dispatchWorkflow">> => {
    const where = describeWorkflow(gate);
    let client: GitHubClient;
    try {
      client = await workflowClient(gate, deps);
    } catch (error) {
      return clientFailure(error, where);
    }
    const target = { ...ownerAndName(gate), workflow_id: gate.workflow };
    const dispatchedAt = deps.now();
    try {
      const inputs = renderInputs(gate.inputs, { promotionId, stage, commit });
      // return_run_details (github.com) names the run at once; without it the run is searched for.
      const response = await client.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { ...target, ref: gate.ref, inputs, return_run_details: true });
      const runId = response.status === 200 ? Number(response.data.workflow_run_id) : await findDispatchedRun(client, gate, dispatchedAt);
      if (runId === undefined) return running(RUN_NOT_LISTED_RETRY_MS, `${where}: dispatched at ${dispatchedAt.toISOString()}; its run is not listed yet`);
      const { data: run } = await client.rest.actions.getWorkflowRun({ ...target, run_id: runId });
      return succeeded({ runId: run.id, headSha: run.head_sha, htmlUrl: run.html_url });
    } catch (error) {
      return githubFailure(error, `${where}: dispatch`);
    }
  };
