/**
 * Registers every promotion activity with the Functions host, typed against the activity
 * contracts. Dependencies are built on first use (never at import time), once per process; what
 * runs each activity (factories.ts, with the gates', Teams' and git clients) is imported on the
 * first invocation, so registering costs the cold start nothing (issue 13).
 */
import type { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { ActivityInput, ActivityName, ActivityOutput, Bookkeeping } from "../../shared/durable/activityContracts.js";
import type { TimelineInput } from "../../shared/durable/timeline.js";
import { createDurableSignalSender } from "../../shared/ingest/adapters/durableSignalSender.js";
import { lazy } from "../../shared/ingest/composition/lazy.js";
import { keepBooks } from "./bookkeeping.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";
import type { Factory } from "./factories.js";
import { commitNote } from "./stageImages.js";
import { transitionLine } from "../../shared/ops/timeline/describeEntry.js";
import { traceActivity } from "../../shared/telemetry/activities.js";

// Every activity the contracts name (a mapped type: a contract missing here does not compile).
const activities: { [N in ActivityName]: true } = {
  pinPipeline: true,
  activeHolds: true,
  bookkeeping: true,
  enterStage: true,
  leaveStage: true,
  commitStage: true,
  pullRequestState: true,
  nudgeFlux: true,
  refreshApplications: true,
  subscribeSignal: true,
  unsubscribeSignal: true,
  judgeFluxReport: true,
  pollReadiness: true,
  probeHttp: true,
  runLogQuery: true,
  dispatchWorkflow: true,
  workflowRunStatus: true,
  queueAzurePipelinesRun: true,
  azurePipelinesRunStatus: true,
  evaluateChangeWindow: true,
  checkApprover: true,
  postApprovalCard: true,
  updateApprovalCard: true,
  notifyTeams: true,
};

const factories = lazy(async () => (await import("./factories.js")).factories);

// Activities that raise events on other instances get a durable client binding.
const needsClient: ReadonlySet<ActivityName> = new Set<ActivityName>(["enterStage", "leaveStage", "commitStage"]);

export function registerActivities(deps: () => Promise<ActivityDeps>): void {
  for (const name of Object.keys(activities) as ActivityName[]) register(name, deps);
}

function register<N extends ActivityName>(name: N, deps: () => Promise<ActivityDeps>): void {
  df.app.activity(name, {
    ...(needsClient.has(name) ? { extraInputs: [df.input.durableClient()] } : {}),
    // One span per invocation, in the promotion's trace (shared/telemetry/activities.ts).
    handler: traceActivity(name, async (input: unknown, context: InvocationContext) => {
      const raise: RaiseEvent = needsClient.has(name)
        ? (instanceId, event, payload) => createDurableSignalSender(df.getClient(context)).raise(instanceId, event, payload)
        : () => Promise.reject(new Error(`activity ${name} has no durable client binding`));
      const { notes, unsubscribe, ...own } = input as ActivityInput<N> & Bookkeeping;
      const [resolved, factory] = await Promise.all([deps(), factories().then((all) => all[name] as Factory<N>)]);
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
