/**
 * What runs each promotion activity: a factory over the activity dependencies per name. Imported
 * by register.ts on the first activity invocation, not at load (issue 13: cold start), so the
 * gates', Teams' and git clients stay out of the cold start of every function.
 */
import type { ActivityInput, ActivityName, ActivityOutput } from "../../shared/durable/activityContracts.js";
import { activeHolds, bookkeeping, enterStage, leaveStage, pinPipeline } from "./bookkeeping.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";
import { judgeFluxReport, nudgeFlux, pollReadiness, refreshApplications, subscribeSignal, unsubscribeSignal } from "./flux.js";
import { probeHttp } from "./probe.js";
import { createCommitStage } from "./stageImages.js";
import { createPullRequestState } from "./pullRequestState.js";
import { createEvaluateChangeWindow } from "../../shared/gates/changeWindow/index.js";
import { createRunLogQuery } from "../../shared/gates/logQuery/index.js";
import { createDispatchWorkflow, createWorkflowRunStatus } from "../../shared/gates/workflow/index.js";
import { createAzurePipelinesRunStatus, createQueueAzurePipelinesRun } from "../../shared/gates/azurePipelines/index.js";
import { checkApproverActivity } from "../../shared/teams/activities/checkApprover.js";
import { postApprovalCardActivity } from "../../shared/teams/activities/postApprovalCard.js";
import { updateApprovalCardActivity } from "../../shared/teams/activities/updateApprovalCard.js";
import { notifyTeams } from "../../shared/teams/notify/notifyTeams.js";

export type Handler<N extends ActivityName> = (input: ActivityInput<N>) => Promise<ActivityOutput<N>>;
export type Factory<N extends ActivityName> = (deps: ActivityDeps, raise: RaiseEvent) => Handler<N>;

export const factories: { [N in ActivityName]: Factory<N> } = {
  pinPipeline,
  activeHolds,
  bookkeeping,
  enterStage,
  leaveStage,
  commitStage: createCommitStage,
  pullRequestState: createPullRequestState,
  nudgeFlux,
  refreshApplications,
  subscribeSignal,
  unsubscribeSignal,
  judgeFluxReport,
  pollReadiness,
  probeHttp,
  runLogQuery: (deps) => createRunLogQuery({ credential: deps.azureCredential, now: deps.now, ...(deps.logQueryClientOptions ? { clientOptions: deps.logQueryClientOptions } : {}) }),
  dispatchWorkflow: (deps) => createDispatchWorkflow(workflowDeps(deps)),
  workflowRunStatus: (deps) => createWorkflowRunStatus(workflowDeps(deps)),
  queueAzurePipelinesRun: (deps) => createQueueAzurePipelinesRun({ secrets: deps.secrets, fetch: deps.fetch, credential: deps.azureCredential }),
  azurePipelinesRunStatus: (deps) => createAzurePipelinesRunStatus({ secrets: deps.secrets, fetch: deps.fetch, credential: deps.azureCredential }),
  evaluateChangeWindow: () => createEvaluateChangeWindow(),
  checkApprover: (deps) => checkApproverActivity(deps.teams),
  postApprovalCard: (deps) => {
    const post = postApprovalCardActivity(deps.teams);
    // The card links to the promotion as people reach it (BATON_PUBLIC_URL), known only here.
    return (input) => post({ ...input, card: { ...input.card, links: { ...input.card.links, timeline: deps.promotionUrl(input.card.promotionId) } } });
  },
  updateApprovalCard: (deps) => {
    const update = updateApprovalCardActivity(deps.teams);
    return (input) => update({ ...input, card: { ...input.card, links: { ...input.card.links, timeline: deps.promotionUrl(input.card.promotionId) } } });
  },
  notifyTeams: (deps) => notifyTeams({ secrets: deps.secrets, fetch: deps.fetch }),
};

function workflowDeps(deps: ActivityDeps) {
  return { secrets: deps.secrets, fetch: deps.fetch, now: deps.now, ...(deps.githubThrottle === undefined ? {} : { throttle: deps.githubThrottle }) };
}
