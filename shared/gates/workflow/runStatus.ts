/**
 * The `workflowRunStatus` activity: the polling fallback for the `workflow_run` webhook. Success
 * is the only passing conclusion; cancelled, skipped, neutral and the rest fail the gate.
 */
import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { failed, running, succeeded } from "../../steps/result.js";
import { describeWorkflow } from "./dispatch.js";
import type { GitHubClient } from "../../gitops/github/client.js";
import type { WorkflowGateDeps } from "./deps.js";
import { clientFailure, githubFailure } from "./failures.js";
import { ownerAndName, workflowClient } from "./githubClient.js";

export const createWorkflowRunStatus =
  (deps: WorkflowGateDeps) =>
  async ({ gate, runId }: ActivityInput<"workflowRunStatus">): Promise<ActivityOutput<"workflowRunStatus">> => {
    const where = `${describeWorkflow(gate)} run ${runId}`;
    let client: GitHubClient;
    try {
      client = await workflowClient(gate, deps);
    } catch (error) {
      return clientFailure(error, where);
    }
    try {
      const { data: run } = await client.rest.actions.getWorkflowRun({ ...ownerAndName(gate), run_id: runId });
      if (run.status !== "completed") return running(gate.pollIntervalMs, `${where} is ${run.status ?? "queued"}: ${run.html_url}`);
      if (run.conclusion === "success") return succeeded({ conclusion: run.conclusion, htmlUrl: run.html_url });
      return failed(`${where} concluded ${run.conclusion ?? "without a conclusion"}: ${run.html_url}`);
    } catch (error) {
      return githubFailure(error, where);
    }
  };
