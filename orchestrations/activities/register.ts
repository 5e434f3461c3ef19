/**
 * Registers every promotion activity with the Functions host, typed against the activity
 * contracts. Dependencies are built on first use (never at import time), once per process.
 */
import type { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { ActivityInput, ActivityName, ActivityOutput, Bookkeeping } from "../../shared/durable/activityContracts.js";
import type { TimelineInput } from "../../shared/durable/timeline.js";
import { createDurableSignalSender } from "../../shared/ingest/adapters/durableSignalSender.js";
import { activeHolds, bookkeeping, enterStage, keepBooks, leaveStage, pinPipeline } from "./bookkeeping.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";
import { judgeFluxReport, nudgeFlux, pollReadiness, refreshApplications, subscribeSignal, unsubscribeSignal } from "./flux.js";
import { probeHttp } from "./probe.js";
import { transitionLine } from "../../shared/ops/timeline/describeEntry.js";
import { commitNote, createCommitStage } from "./stageImages.js";
import { createPullRequestState } from "./pullRequestState.js";
import { createEvaluateChangeWindow } from "../../shared/gates/changeWindow/index.js";
import { createRunLogQuery } from "../../shared/gates/logQuery/index.js";
import { createDispatchWorkflow, createWorkflowRunStatus } from "../../shared/gates/workflow/index.js";
import { createAzurePipelinesRunStatus, createQueueAzurePipelinesRun } from "../../shared/gates/azurePipelines/index.js";
import { checkApproverActivity } from "../../shared/teams/activities/checkApprover.js";
import { postApprovalCardActivity } from "../../shared/teams/activities/postApprovalCard.js";
import { updateApprovalCardActivity } from "../../shared/teams/activities/updateApprovalCard.js";
import { notifyTeams } from "../../shared/teams/notify/notifyTeams.js";
import { traceActivity } from "../../shared/telemetry/activities.js";

type Handler<N extends ActivityName> = (input: ActivityInput<N>) => Promise<ActivityOutput<N>>;
type Factory<N extends ActivityName> = (deps: ActivityDeps, raise: RaiseEvent) => Handler<N>;

const factories: { [N in ActivityName]: Factory<N> } = {
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

// Activities that raise events on other instances get a durable client binding.
const needsClient: ReadonlySet<ActivityName> = new Set<ActivityName>(["enterStage", "leaveStage", "commitStage"]);

export function registerActivities(deps: () => Promise<ActivityDeps>): void {
  for (const name of Object.keys(factories) as ActivityName[]) register(name, deps);
}

function register<N extends ActivityName>(name: N, deps: () => Promise<ActivityDeps>): void {
  const factory = factories[name] as Factory<N>;
  df.app.activity(name, {
    ...(needsClient.has(name) ? { extraInputs: [df.input.durableClient()] } : {}),
    // One span per invocation, in the promotion's trace (shared/telemetry/activities.ts).
    handler: traceActivity(name, async (input: unknown, context: InvocationContext) => {
      const raise: RaiseEvent = needsClient.has(name)
        ? (instanceId, event, payload) => createDurableSignalSender(df.getClient(context)).raise(instanceId, event, payload)
        : () => Promise.reject(new Error(`activity ${name} has no durable client binding`));
      const { notes, unsubscribe, ...own } = input as ActivityInput<N> & Bookkeeping;
      const resolved = await deps();
      // The bookkeeping that rode along happened before this step; it is written with the step's own.
      const result = await keepBooks(resolved, { ...(notes ? { notes } : {}), ...(unsubscribe ? { unsubscribe } : {}) }, (books) => factory(books, raise)(own as ActivityInput<N>), name === "commitStage");
      // One console line (a structured trace in Azure) per step transition, once it is recorded.
      for (const note of notes ?? []) context.log(transitionLine(note.promotionId, note.entry));
      if (name === "commitStage") {
        const note = committedNote(own as ActivityInput<"commitStage">, result as ActivityOutput<"commitStage">);
        if (note) context.log(transitionLine(note.promotionId, note.entry));
      }
      return result;
    }, recordedBy(name)),
  });
}

/** The timeline entries an invocation recorded: the notes that rode along, and a commit's own. */
function recordedBy(name: ActivityName) {
  return (input: unknown, result: unknown): TimelineInput[] => {
    const notes = (input as Bookkeeping).notes ?? [];
    if (name !== "commitStage") return notes;
    const note = committedNote(input as ActivityInput<"commitStage">, result as ActivityOutput<"commitStage">);
    return note ? [...notes, note] : notes;
  };
}

/** The commit activity records its own timeline entry (it knows the commit). */
function committedNote(input: ActivityInput<"commitStage">, output: ActivityOutput<"commitStage">): TimelineInput | undefined {
  if (output.kind !== "committed" || output.result.status !== "succeeded") return undefined;
  return commitNote(input, output.result.value);
}
