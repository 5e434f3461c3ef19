/**
 * One promotion per pipeline and stage target at a time. A newer image of the same pipeline either
 * supersedes an older promotion still waiting there (it has not committed yet, so nothing is
 * half-changed), or queues behind it; other pipelines never wait here. A queued stage is woken by
 * `lock.released` when the holder lets go; the slow re-check is only a safety net.
 */
import type { ActivityOutput, LockResult } from "../../shared/durable/activityContracts.js";
import type { OpsCommandPayload } from "../../shared/durable/events.js";
import { EVENT } from "../../shared/durable/events.js";
import { activity, after, describeMs, now, waitForEvents, type Flow } from "../flow.js";
import { lockKeyOf, type StageRun } from "./run.js";

const RECHECK_MS = 10 * 60_000;
const LOCK_WAIT_MS = 24 * 3_600_000;

export type LockOutcome =
  | { kind: "acquired"; current?: ActivityOutput<"enterStage">["current"] }
  | { kind: "aborted"; command: OpsCommandPayload }
  | { kind: "timeout"; holder: string };

/**
 * Takes the lock; with `read`, also what the stage runs now (read once the lock is ours).
 * `refused`: a first attempt (made with the commit, stage/commit.ts) found it held: wait first.
 */
export function* takeLock(run: StageRun, read: boolean, refused?: Extract<LockResult, { acquired: false }>): Flow<LockOutcome> {
  const { ctx, input } = run;
  const lockKey = lockKeyOf(input.pipeline.name, input.stage);
  const deadline = after(ctx, LOCK_WAIT_MS);
  let held = refused;
  for (;;) {
    const result = held ?? (yield* enter(run, lockKey, read));
    held = undefined;
    if (result.acquired) return { kind: "acquired", ...("current" in result && result.current ? { current: result.current } : {}) };
    if (now(ctx) >= deadline) return { kind: "timeout", holder: result.holder };
    run.status("locking", `stage lock held by ${result.holder}${result.holderCommitted ? " (already committed)" : ""}`, deadline);
    const waited = yield* waitForEvents(ctx, [EVENT.opsCommand, EVENT.lockReleased], after(ctx, RECHECK_MS));
    if (waited.kind === "event" && waited.name === EVENT.opsCommand) {
      if (waited.payload.command === "abort") return { kind: "aborted", command: waited.payload };
      run.ignored.push(waited.payload);
    }
  }
}

function* enter(run: StageRun, lockKey: string, read: boolean): Flow<Extract<LockResult, { acquired: false }> | (Extract<LockResult, { acquired: true }> & { current?: ActivityOutput<"enterStage">["current"] })> {
  const { ctx, input } = run;
  const entered = yield* activity(ctx, "enterStage", {
    lockKey,
    stage: input.stage.name,
    promotionId: input.promotionId,
    publishedAt: input.image.publishedAt,
    supersede: input.pipeline.supersede,
    ...(read ? { read: run.ref } : {}),
  });
  const result = entered.lock;
  if (!result.acquired) return result;
  if (result.superseded) yield* run.note("supersedes", { kind: "ops.command", stage: input.stage.name, command: `superseded ${result.superseded}`, actor: "baton", reason: "a newer image took the stage" });
  return { ...result, ...(entered.current ? { current: entered.current } : {}) };
}

export function lockWaitLimit(): string {
  return describeMs(LOCK_WAIT_MS);
}
