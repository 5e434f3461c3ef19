/** Pipeline pinning, holds, the timeline and stage locks: the promotion's bookkeeping. */
import type { ActivityInput, ActivityOutput } from "../../shared/durable/activityContracts.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { failed, succeeded } from "../../shared/steps/result.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";

export const pinPipeline =
  (deps: ActivityDeps) =>
  async ({ pipeline }: ActivityInput<"pinPipeline">): Promise<ActivityOutput<"pinPipeline">> => {
    const pinned = await deps.pipelines.pin(pipeline);
    return pinned ? succeeded(pinned) : failed(`pipeline "${pipeline}" is not in the pipeline configuration any more`);
  };

export const activeHolds =
  (deps: ActivityDeps) =>
  ({ pipeline }: ActivityInput<"activeHolds">): Promise<ActivityOutput<"activeHolds">> =>
    deps.holds.active(pipeline);

export const recordTimeline =
  (deps: ActivityDeps) =>
  async (input: ActivityInput<"recordTimeline">): Promise<null> => {
    await deps.timeline.append(input);
    return null;
  };

export const acquireStageLock =
  (deps: ActivityDeps, raise: RaiseEvent) =>
  async (input: ActivityInput<"acquireStageLock">): Promise<ActivityOutput<"acquireStageLock">> => {
    const result = await deps.locks.acquire(input.lockKey, { promotionId: input.promotionId, publishedAt: input.publishedAt }, input.supersede === "newest-wins");
    if (!result.acquired) {
      const h = result.holder;
      return { acquired: false, holder: h.promotionId, holderCommitted: h.committed, holderPublishedAt: h.publishedAt };
    }
    if (!result.superseded) return { acquired: true };
    // The older promotion has not committed here yet: tell its stage to stand down.
    await raise(stageInstanceId(result.superseded.promotionId, input.stage), "ops.command", {
      command: "abort",
      stage: input.stage,
      supersededBy: input.promotionId,
      actor: "baton",
      reason: `superseded by ${input.promotionId}, a newer image`,
      at: deps.now().toISOString(),
    });
    return { acquired: true, superseded: result.superseded.promotionId };
  };

export const markStageCommitted =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"markStageCommitted">): Promise<ActivityOutput<"markStageCommitted">> =>
    deps.locks.markCommitted(input.lockKey, input.promotionId);

/** Releases the lock and wakes every stage queued behind it at once (they race to take it again). */
export const releaseStageLock =
  (deps: ActivityDeps, raise: RaiseEvent) =>
  async (input: ActivityInput<"releaseStageLock">): Promise<null> => {
    const waiters = await deps.locks.release(input.lockKey, input.promotionId);
    const at = deps.now().toISOString();
    // A waiter that has finished meanwhile answers "gone"; its stale entry went with the lock row.
    await Promise.all(waiters.map((w) => raise(stageInstanceId(w, input.stage), "lock.released", { lockKey: input.lockKey, by: input.promotionId, at })));
    return null;
  };
