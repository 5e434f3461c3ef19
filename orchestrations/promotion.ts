/**
 * A promotion: one image through the pipeline's stages, in order, each proven before the next.
 * Pins the pipeline configuration first (later edits only affect new promotions), respects
 * holds and manual promotion at every stage boundary, and runs each stage as a sub-orchestration.
 */
import type { OrchestrationContext } from "durable-functions";
import { EVENT, type OpsCommandPayload } from "../shared/durable/events.js";
import type { PromotionInput } from "../shared/durable/names.js";
import { ORCHESTRATOR } from "../shared/durable/names.js";
import { stageInstanceId, type PromotionStatus, type PromotionStep } from "../shared/durable/promotionStatus.js";
import type { Hold } from "../shared/durable/activityContracts.js";
import type { TimelineEntry } from "../shared/durable/timeline.js";
import type { Traced } from "../shared/telemetry/carrier.js";
import type { PinnedPipeline, StageConfig } from "../shared/pipelines/config/model.js";
import { bundleImagesText, incompleteReason } from "../shared/bundles/describe.js";
import { inboxOf, seedInbox, type Carried } from "./events/inbox.js";
import { activity, after, arrivedEvent, describeMs, flushBookkeeping, keepNote, now, takeNotes, waitForEvents, type Flow } from "./flow.js";
import { finishedEntry, FINISHED_KEY, promotionEndAfter } from "./promotionEnd.js";
import type { StageEnd, StageInput } from "./stage/run.js";

const HOLD_RECHECK_MS = 60_000;
const BOUNDARY_WAIT_MS = 7 * 86_400_000;

export interface PromotionResult {
  outcome: "succeeded" | "failed" | "aborted" | "superseded";
  reason?: string;
  stages: PromotionStatus["stages"];
}

interface Boundary {
  ctx: OrchestrationContext;
  input: PromotionInput;
  stages: PromotionStatus["stages"];
  status(step: PromotionStep, stage?: string, waitingFor?: string, deadline?: Date): void;
  note(key: string, entry: TimelineEntry): Flow<void>;
}

/**
 * What one generation of a promotion hands the next. The promotion continues as new after each
 * stage, so its history (replayed at every step) holds one stage, never all of them, and the
 * replay of its last step costs what its first did. Events it received and has not consumed
 * travel along (the inbox's `carryOver`: durable-functions for JS cannot preserve them itself).
 */
export interface PromotionCarry {
  pipeline: PinnedPipeline;
  /** The index of the stage this generation runs. */
  next: number;
  stages: PromotionStatus["stages"];
  events: Carried[];
  /** When the promotion started (the first generation's clock). */
  startedAt: string;
  /**
   * The active holds the last stage's way out read (absent: read them at the boundary). Holds
   * placed after that read are seen by the next stage's, or the next boundary's, read.
   */
  holds?: Hold[];
}

export type PromotionState = PromotionInput & { carry?: PromotionCarry };

export function* promotionOrchestrator(ctx: OrchestrationContext): Flow<PromotionResult | undefined> {
  const { carry, ...input } = ctx.df.getInput<PromotionState>();
  if (carry) seedInbox(ctx, carry.events);
  const promotionId = ctx.df.instanceId;
  const startedAt = carry?.startedAt ?? now(ctx).toISOString();
  const stages: PromotionStatus["stages"] = carry ? [...carry.stages] : [];
  const b: Boundary = {
    ctx,
    input,
    stages,
    status(step, stage, waitingFor, deadline) {
      const status: PromotionStatus = {
        promotionId,
        pipeline: input.pipeline,
        image: { repository: input.image.repository, tag: input.image.tag, digest: input.image.digest },
        ...(stage ? { stage } : {}),
        ...(stage && step === "in-stage" ? { stageInstanceId: stageInstanceId(promotionId, stage) } : {}),
        step,
        ...(waitingFor ? { waitingFor } : {}),
        since: now(ctx).toISOString(),
        ...(deadline ? { deadline: deadline.toISOString() } : {}),
        stages,
      };
      ctx.df.setCustomStatus(status);
    },
    // eslint-disable-next-line require-yield -- a Flow like every step, though the note only waits for the next activity
    *note(key, entry) {
      keepNote(ctx, { promotionId, entryId: `promotion/${key}`, at: now(ctx).toISOString(), entry });
    },
  };

  let pipeline: PinnedPipeline;
  let holds = carry?.holds;
  if (carry) pipeline = carry.pipeline;
  else {
    // A bundle whose window closed before every image arrived: record it, commit nothing.
    const missing = input.bundle?.missing;
    if (input.bundle && missing && missing.length > 0) {
      yield* b.note("started", startedEntry(input, input.startedBy ?? input.image.source, "(not pinned)"));
      return yield* finish(b, { outcome: "failed", reason: incompleteReason(input.bundle, missing), stages });
    }
    b.status("pinning");
    const pinned = yield* activity(ctx, "pinPipeline", { pipeline: input.pipeline });
    if (pinned.status !== "succeeded") {
      const reason = pinned.status === "running" ? pinned.detail : pinned.reason;
      return yield* finish(b, { outcome: "failed", reason: `pipeline configuration: ${reason}`, stages });
    }
    pipeline = pinned.value;
    holds = pinned.holds;
    yield* b.note("started", startedEntry(input, input.startedBy ?? input.image.source, `${pipeline.origin.path}${pipeline.origin.commit ? `@${pipeline.origin.commit}` : ""}`));
  }

  const index = carry?.next ?? 0;
  const stage = pipeline.stages[index];
  if (!stage) return yield* finish(b, { outcome: "succeeded", stages });
  const held = yield* respectHolds(b, stage, holds);
  if (held) return yield* finish(b, held);
  if (!stage.autoPromote) {
    const stopped = yield* awaitPromote(b, stage);
    if (stopped) return yield* finish(b, stopped);
  }
  // An abort that reached the promotion while it was busy at this boundary stops it here.
  const stop = yield* abortArrived(b);
  if (stop) return yield* finish(b, aborted(b, stop));
  b.status("in-stage", stage.name);
  const last = index + 1 >= pipeline.stages.length;
  const outcome = yield* runStage(b, pipeline, stage, last);
  const commit = "commit" in outcome ? outcome.commit : undefined;
  stages.push({ name: stage.name, outcome: outcome.outcome, ...(commit ? { commit } : {}) });
  const end = promotionEndAfter(stage.name, outcome, last);
  // The stage recorded this end on the timeline with its own way out (promotionEnd.ts).
  if (end) return yield* finish(b, { ...end, stages }, outcome.promotionFinished === true);
  yield* flushBookkeeping(ctx);
  const events = yield* inboxOf(ctx).carryOver();
  const next: PromotionCarry = { pipeline, next: index + 1, stages, events, startedAt, ...(outcome.holds ? { holds: outcome.holds } : {}) };
  ctx.df.continueAsNew({ ...input, carry: next } satisfies PromotionState);
  return undefined;
}

function startedEntry(input: PromotionInput, by: string, configOrigin: string): TimelineEntry {
  return {
    kind: "promotion.started",
    pipeline: input.pipeline,
    image: `${input.image.registry}/${input.image.repository}:${input.image.tag}`,
    digest: input.image.digest,
    by,
    configOrigin,
    // For the pipelines view and DORA lead time, which read the timeline long after history is gone.
    tag: input.image.tag,
    publishedAt: input.image.publishedAt,
    ...(input.bundle ? { bundle: bundleImagesText(input.bundle) } : {}),
  };
}

function* runStage(b: Boundary, pipeline: PinnedPipeline, stage: StageConfig, last: boolean): Flow<StageEnd> {
  const { ctx, input } = b;
  const notes = takeNotes(ctx);
  const stageInput: StageInput & Traced = {
    promotionId: ctx.df.instanceId,
    pipeline: { name: pipeline.name, supersede: pipeline.supersede },
    stage,
    image: input.image,
    ...(input.bundle ? { bundle: input.bundle } : {}),
    stagesDone: [...b.stages],
    handOver: { last },
    // What the promotion noted so far rides along with the stage's first activity (every stage
    // starts with one), so it is on the timeline at once without an activity of its own.
    ...(notes.length > 0 ? { notes } : {}),
    // The stage's activities join the promotion's trace, and its end span knows when it began.
    ...(input.trace ? { trace: { ...input.trace, stage: stage.name, stageStartedAt: now(ctx).toISOString() } } : {}),
  };
  try {
    const outcome: unknown = yield ctx.df.callSubOrchestrator(ORCHESTRATOR.stage, stageInput, stageInstanceId(ctx.df.instanceId, stage.name));
    return outcome as StageEnd;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { outcome: "failed", reason: `stage orchestration failed: ${message ?? "unknown error"}`, rolledBack: false };
  }
}

/**
 * Stop the line: a global or pipeline hold keeps the promotion at this boundary until released.
 * `known`: the holds read on the way here (with the pinning, or by the last stage's way out), so
 * the boundary costs no activity of its own when nothing is held.
 */
function* respectHolds(b: Boundary, stage: StageConfig, known: Hold[] | undefined): Flow<PromotionResult | undefined> {
  const { ctx, input } = b;
  const deadline = after(ctx, BOUNDARY_WAIT_MS);
  let noted = false;
  let read = known;
  for (;;) {
    const holds = read ?? (yield* activity(ctx, "activeHolds", { pipeline: input.pipeline }));
    read = undefined;
    if (holds.length === 0) {
      if (noted) yield* b.note(`${stage.name}/hold-released`, { kind: "hold.released", stage: stage.name });
      return undefined;
    }
    if (now(ctx) >= deadline) return { outcome: "failed", reason: `held before ${stage.name} for ${describeMs(BOUNDARY_WAIT_MS)}`, stages: b.stages };
    if (!noted) {
      noted = true;
      yield* b.note(`${stage.name}/held`, { kind: "hold.waiting", stage: stage.name, holds: holds.map((h) => ({ scope: h.scope, by: h.by, reason: h.reason })) });
    }
    b.status("held", stage.name, holds.map((h) => `${h.scope} hold by ${h.by}: ${h.reason}`).join("; "), deadline);
    const waited = yield* waitForEvents(ctx, [EVENT.opsCommand], after(ctx, HOLD_RECHECK_MS));
    if (waited.kind === "event" && waited.payload.command === "abort") return aborted(b, waited.payload);
  }
}

/** A stage with auto-promote off starts only when an operator says so. */
function* awaitPromote(b: Boundary, stage: StageConfig): Flow<PromotionResult | undefined> {
  const { ctx } = b;
  const deadline = after(ctx, BOUNDARY_WAIT_MS);
  for (;;) {
    b.status("awaiting-promote", stage.name, `an operator to promote to ${stage.name}`, deadline);
    const waited = yield* waitForEvents(ctx, [EVENT.opsCommand], deadline);
    if (waited.kind === "timeout") return { outcome: "failed", reason: `not promoted to ${stage.name} within ${describeMs(BOUNDARY_WAIT_MS)}`, stages: b.stages };
    const command = waited.payload;
    if (command.command === "abort") return aborted(b, command);
    if (command.command === "promote" && (!command.stage || command.stage === stage.name)) {
      yield* b.note(`${stage.name}/promote`, { kind: "ops.command", stage: stage.name, command: "promote", actor: command.actor, reason: command.reason });
      return undefined;
    }
  }
}

function* abortArrived(b: Boundary): Flow<OpsCommandPayload | undefined> {
  for (;;) {
    const arrived = yield* arrivedEvent(b.ctx, [EVENT.opsCommand]);
    if (!arrived || arrived.payload.command === "abort") return arrived?.payload;
  }
}

function aborted(b: Boundary, command: OpsCommandPayload): PromotionResult {
  return { outcome: "aborted", reason: `aborted by ${command.actor}: ${command.reason}`, stages: b.stages };
}

/** `noted`: the last stage already recorded the end on the timeline. */
function* finish(b: Boundary, result: PromotionResult, noted = false): Flow<PromotionResult> {
  if (!noted) yield* b.note(FINISHED_KEY, finishedEntry(result));
  yield* flushBookkeeping(b.ctx);
  b.status("finished");
  return result;
}
