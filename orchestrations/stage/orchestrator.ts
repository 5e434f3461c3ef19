/**
 * One stage of a promotion, as its own sub-orchestration (so each history stays small):
 * lock -> approval (if required) -> commit -> nudge Flux -> Ready at the commit -> gates.
 * A failed step goes to the stage's failure policy; the lock is released however it ends.
 */
import type { OrchestrationContext } from "durable-functions";
import type { ActivityOutput, CommitEvidence } from "../../shared/durable/activityContracts.js";
import type { OpsCommandPayload } from "../../shared/durable/events.js";
import type { FluxReport } from "../../shared/store/ports.js";
import type { StageOutcome } from "../../shared/durable/promotionStatus.js";
import { activity, flushBookkeeping, keepNote, now, type Flow } from "../flow.js";
import { finishedEntry, FINISHED_KEY, promotionEndAfter } from "../promotionEnd.js";
import { awaitApproval } from "./approval.js";
import { commitChange, enterAndCommit, type Committed } from "./commit.js";
import { done, type StepEnd } from "./ends.js";
import { onStepFailure } from "./failure.js";
import { runGates } from "./gates.js";
import { abortRequested } from "./interrupts.js";
import { takeLock, type LockOutcome } from "./lock.js";
import { awaitReady } from "./readiness.js";
import { lockKeyOf, stageRun, type StageEnd, type StageInput, type StageRun } from "./run.js";

const STEPS = ["commit", "nudge", "ready", "gates"] as const;

export function* stageOrchestrator(ctx: OrchestrationContext): Flow<StageEnd> {
  const input = ctx.df.getInput<StageInput>();
  const run = stageRun(ctx, input);
  const { stage } = input;
  // What the promotion noted before handing over (its start, a hold released) goes first.
  for (const note of input.notes ?? []) keepNote(ctx, note);
  yield* run.note("started", { kind: "stage.started", stage: stage.name });
  if (input.stagesDone.length === 0) yield* run.notify(`Promotion started: ${input.image.repository}:${input.image.tag}`, [{ title: "Promotion", value: input.promotionId }]);
  run.status("locking");
  const { lock, entered } = yield* enterStage(run);
  if (lock.kind !== "acquired") {
    const outcome: StageOutcome = lock.kind === "aborted" ? aborted(lock.command) : { outcome: "failed", reason: `stage lock still held by ${lock.holder} after 24h`, rolledBack: false };
    yield* finish(run, outcome);
    const ends = handOver(run, outcome);
    // Never held the lock, so no way out to ride along with: the timeline gets its own step.
    yield* flushBookkeeping(ctx);
    return { ...outcome, ...(ends ? { promotionFinished: true as const } : {}) };
  }
  let outcome: StageOutcome | undefined;
  let left: ActivityOutput<"leaveStage">;
  let ends: boolean;
  try {
    outcome = yield* runHeld(run, lock, entered);
  } finally {
    // The way out: the timeline entries and unsubscriptions still kept ride along with the release,
    // and so does the promotion's end when it ends here; when it goes on, the holds come back.
    ends = outcome !== undefined && handOver(run, outcome);
    const goesOn = outcome !== undefined && !ends && input.handOver !== undefined;
    left = yield* activity(ctx, "leaveStage", { lockKey: lockKeyOf(input.pipeline.name, stage), stage: stage.name, promotionId: input.promotionId, ...(goesOn ? { holdsOf: input.pipeline.name } : {}) });
  }
  return { ...outcome, ...(left ? { holds: left.holds } : {}), ...(ends ? { promotionFinished: true as const } : {}) };
}

/** With the lock held: the approval (when required), then the steps. */
function* runHeld(run: StageRun, lock: Extract<LockOutcome, { kind: "acquired" }>, entered: StepEnd<Committed> | undefined): Flow<StageOutcome> {
  const approval = run.input.stage.approval;
  if (approval?.required) {
    const answer = yield* awaitApproval(run, approval, lock.current);
    if (answer.kind === "aborted") return yield* finish(run, aborted(answer.command));
    if (answer.kind === "failed") return yield* finish(run, { outcome: "failed", reason: answer.reason, rolledBack: false });
  }
  return yield* finish(run, yield* runSteps(run, entered));
}

/** Keeps the promotion's end with the stage's way out when the promotion ends with this stage; true when it does. */
function handOver(run: StageRun, outcome: StageOutcome): boolean {
  const { ctx, input } = run;
  if (!input.handOver) return false;
  const end = promotionEndAfter(input.stage.name, outcome, input.handOver.last);
  if (!end) return false;
  keepNote(ctx, { promotionId: input.promotionId, entryId: `promotion/${FINISHED_KEY}`, at: now(ctx).toISOString(), entry: finishedEntry(end) });
  return true;
}

type StepName = (typeof STEPS)[number];

/**
 * The way in. A stage without approval takes its lock and commits in one step (each activity is
 * a queue round trip on Azure); when the lock is held it waits as any stage does, then commits
 * in the commit step. A stage with approval takes the lock first, to show what runs now on the card.
 */
function* enterStage(run: StageRun): Flow<{ lock: LockOutcome; entered?: StepEnd<Committed> }> {
  if (run.input.stage.approval?.required === true) return { lock: yield* takeLock(run, true) };
  // An abort that is already there stops the stage before it changes anything.
  const stop = yield* abortRequested(run);
  if (stop) return { lock: { kind: "aborted", command: stop } };
  const first = yield* enterAndCommit(run);
  if (first.kind === "entered") return { lock: { kind: "acquired" }, entered: first.commit };
  return { lock: yield* takeLock(run, false, first.kind === "locked" ? first.lock : undefined) };
}

interface StageProgress {
  committed?: CommitEvidence;
  /** The readiness objects' last reports, subscribed with the commit (and the nudge sent with it). */
  watched?: (FluxReport | null)[];
  readyAt?: Date;
}

/** `entered`: the commit step's first attempt, already made on the way in. */
function* runSteps(run: StageRun, entered?: StepEnd<Committed>): Flow<StageOutcome> {
  const progress: StageProgress = {};
  let first = entered;
  for (let index = 0; index < STEPS.length; ) {
    const name = STEPS[index];
    if (!name) break;
    let end: StepEnd<unknown>;
    if (first) {
      end = keepCommit(progress, first);
      first = undefined;
    } else {
      const stop = yield* abortRequested(run);
      if (stop) return aborted(stop);
      end = yield* runStep(run, name, progress);
    }
    if (end.kind === "done") {
      index++;
      continue;
    }
    if (end.kind === "aborted") return aborted(end.command);
    const decision = yield* onStepFailure(run, `${name}: ${end.reason}`, progress.committed);
    if (decision.next === "end") return decision.outcome;
    if (decision.next === "skip" && name === "commit") return { outcome: "failed", reason: `${end.reason} (a commit cannot be skipped)`, rolledBack: false };
    run.attempt++;
    if (decision.next === "skip") index++;
  }
  const stop = yield* abortRequested(run);
  if (stop) return aborted(stop);
  const { committed, readyAt } = progress;
  return { outcome: "succeeded", commit: committed?.commit ?? "", readyAt: (readyAt ?? now(run.ctx)).toISOString() };
}

function* runStep(run: StageRun, name: StepName, progress: StageProgress): Flow<StepEnd<unknown>> {
  const { ctx, input } = run;
  switch (name) {
    case "commit":
      // Marks the lock first: from then on a newer image queues behind this promotion instead of
      // superseding it; if one already took the lock, this promotion stands down without committing.
      return keepCommit(progress, yield* commitChange(run, "promote"));
    case "nudge": {
      // A direct commit nudged already (in its own activity); after a merged pull request, here.
      if (progress.watched) return done(null);
      const receiver = input.stage.readiness.receiver;
      // Best effort: without the nudge Flux still reconciles on its source interval.
      if (receiver) yield* activity(ctx, "nudgeFlux", { url: receiver.url, tokenSecret: receiver.tokenSecret, promotionId: input.promotionId });
      if (input.stage.readiness.argocdRefresh) yield* activity(ctx, "refreshApplications", { stage: input.stage });
      return { kind: "done", value: null };
    }
    case "ready": {
      const watched = progress.watched;
      delete progress.watched; // a retried wait subscribes again
      const result = yield* awaitReady(run, progress.committed?.commit ?? "", input.stage.readiness.timeoutMs, watched);
      // The gates' clock starts when Baton observed Ready, never at the reporter's timestamp.
      if (result.kind === "done") progress.readyAt = latest(result.value.map((e) => e.observedAt));
      return result;
    }
    case "gates":
      return yield* runGates(run, progress.readyAt ?? now(ctx), progress.committed?.commit ?? "");
  }
}

/** Keeps what a commit step brought (its evidence, the readiness objects' last reports). */
function keepCommit(progress: StageProgress, result: StepEnd<Committed>): StepEnd<unknown> {
  if (result.kind !== "done") return result;
  progress.committed = result.value.evidence;
  if (result.value.watched) progress.watched = result.value.watched;
  return done(result.value.evidence);
}

function* finish(run: StageRun, outcome: StageOutcome): Flow<StageOutcome> {
  const detail = outcome.outcome === "succeeded" ? `at ${outcome.commit}` : outcome.outcome === "superseded" ? `by ${outcome.by}` : outcome.reason;
  yield* run.note("finished", { kind: "stage.finished", stage: run.input.stage.name, outcome: outcome.outcome, detail });
  const verdict = outcome.outcome === "failed" && outcome.rolledBack ? "rolled back" : outcome.outcome;
  yield* run.notify(`Stage ${run.input.stage.name} ${verdict}`, [{ title: "Outcome", value: detail }]);
  run.status("finished");
  return outcome;
}

function aborted(command: OpsCommandPayload): StageOutcome {
  if (command.supersededBy) return { outcome: "superseded", by: command.supersededBy };
  return { outcome: "aborted", reason: command.reason, by: command.actor };
}

function latest(times: string[]): Date {
  return new Date(Math.max(...times.map((t) => Date.parse(t))));
}
