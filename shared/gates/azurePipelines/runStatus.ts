/**
 * The `azurePipelinesRunStatus` activity (Runs - Get): the polling fallback for the service hook.
 * `succeeded` is the only passing result; failed, canceled and unknown fail the gate.
 */
import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { errored, failed, running, succeeded } from "../../steps/result.js";
import { refusedStep } from "../../steps/refusal.js";
import { authorization, requestRun, runsUrl, webUrlOf } from "./client.js";
import type { AzurePipelinesGateDeps } from "./deps.js";
import { azureDevOpsFailure } from "./failures.js";
import { describeAzurePipelines } from "./queueRun.js";

export const createAzurePipelinesRunStatus =
  (deps: AzurePipelinesGateDeps) =>
  async ({ gate, runId }: ActivityInput<"azurePipelinesRunStatus">): Promise<ActivityOutput<"azurePipelinesRunStatus">> => {
    const where = `${describeAzurePipelines(gate)} run ${runId}`;
    let auth: string;
    try {
      auth = await authorization(gate, deps);
    } catch (error) {
      return refusedStep(error, where) ?? errored(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const run = await requestRun(deps, runsUrl(gate, runId), { method: "GET", authorization: auth });
      const url = webUrlOf(run);
      if (run.state !== "completed") return running(gate.pollIntervalMs, `${where} is ${run.state ?? "queued"}: ${url}`);
      if (run.result === "succeeded") return succeeded({ result: run.result, webUrl: url });
      return failed(`${where} concluded ${run.result ?? "without a result"}: ${url}`);
    } catch (error) {
      return azureDevOpsFailure(error, where);
    }
  };
