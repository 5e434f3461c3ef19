/** Taking a stage lock, for `enterStage` and for `commitStage` when it is the stage's way in too. */
import type { LockResult } from "../../shared/durable/activityContracts.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import type { PinnedPipeline } from "../../shared/pipelines/config/model.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";

export interface LockClaim {
  lockKey: string;
  stage: string;
  promotionId: string;
  publishedAt: string;
  supersede: PinnedPipeline["supersede"];
}

/**
 * Takes the lock (again, on a retry: the holder's own lock is "acquired"); when it supersedes an
 * older holder that has not committed yet, tells that holder's stage to stand down. With
 * `committed` (the lock is taken by the commit step itself) a lock it takes is marked committed
 * in the same write, and `marked` says so.
 */
export async function takeStageLock(deps: ActivityDeps, raise: RaiseEvent, claim: LockClaim, options: { committed?: boolean } = {}): Promise<{ lock: LockResult; marked: boolean }> {
  const result = await deps.locks.acquire(claim.lockKey, { promotionId: claim.promotionId, publishedAt: claim.publishedAt }, claim.supersede === "newest-wins", options);
  if (!result.acquired) {
    const h = result.holder;
    return { lock: { acquired: false, holder: h.promotionId, holderCommitted: h.committed, holderPublishedAt: h.publishedAt }, marked: false };
  }
  if (result.superseded) {
    await raise(stageInstanceId(result.superseded.promotionId, claim.stage), "ops.command", {
      command: "abort",
      stage: claim.stage,
      supersededBy: claim.promotionId,
      actor: "baton",
      reason: `superseded by ${claim.promotionId}, a newer image`,
      at: deps.now().toISOString(),
    });
  }
  return { lock: { acquired: true, ...(result.superseded ? { superseded: result.superseded.promotionId } : {}) }, marked: result.marked === true };
}
