/**
 * The `queueAzurePipelinesRun` activity (Runs - Run Pipeline): queues the gate's pipeline on its
 * branch, at the stage's commit unless the gate says otherwise, with the rendered template
 * parameters, and answers the run with the organization its URL names: the key under which the
 * `ms.vss-pipelines.run-state-changed-event` service hook raises the run's completion.
 */
import type { ActivityInput, ActivityOutput, AzurePipelinesGate } from "../../durable/activityContracts.js";
import { organizationOf } from "../../azureDevOps/organization.js";
import { errored, succeeded } from "../../steps/result.js";
import { refusedStep } from "../../steps/refusal.js";
import { renderInputs } from "../workflow/inputs.js";
import { authorization, requestRun, runsUrl, webUrlOf } from "./client.js";
import type { AzurePipelinesGateDeps } from "./deps.js";
import { azureDevOpsFailure } from "./failures.js";

export const describeAzurePipelines = (gate: AzurePipelinesGate): string =>
  `azure pipelines gate ${gate.name} (${gate.organization}/${gate.project} pipeline ${gate.pipelineId} on ${gate.ref})`;

export const createQueueAzurePipelinesRun =
  (deps: AzurePipelinesGateDeps) =>
  async ({ gate, promotionId, stage, commit }: ActivityInput<"queueAzurePipelinesRun">): Promise<ActivityOutput<"queueAzurePipelinesRun">> => {
    const where = describeAzurePipelines(gate);
    let auth: string;
    try {
      auth = await authorization(gate, deps);
    } catch (error) {
      return refusedStep(error, where) ?? errored(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const refName = gate.ref.startsWith("refs/") ? gate.ref : `refs/heads/${gate.ref}`;
    const body = {
      resources: { repositories: { self: { refName, ...(gate.pinCommit ? { version: commit } : {}) } } },
      templateParameters: renderInputs(gate.templateParameters, { promotionId, stage, commit }),
    };
    try {
      const run = await requestRun(deps, runsUrl(gate), { method: "POST", authorization: auth, body });
      return succeeded({ runId: run.id, organization: organizationOf(run.url ?? "") ?? gate.organization.toLowerCase(), webUrl: webUrlOf(run) });
    } catch (error) {
      return azureDevOpsFailure(error, `${where}: queue`);
    }
  };
