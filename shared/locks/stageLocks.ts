/**
 * One promotion per stage target at a time (issue 5). The lock row says who holds the target,
 * which image it promotes and whether it already committed: a holder that committed is never
 * superseded, so a stage is never left half-changed. It also lists the promotions queued behind
 * the holder, so a release wakes them at once instead of at their next re-check.
 */
export interface LockHolder {
  promotionId: string;
  /** When the held image was published: "newer" means published later. */
  publishedAt: string;
  committed: boolean;
  /** Promotions that found the lock taken and wait for it, oldest first. */
  waiters: string[];
}

export type Claimant = Pick<LockHolder, "promotionId" | "publishedAt">;

/** `marked`: the lock was taken already marked committed (asked with `committed`). */
export type AcquireResult =
  | { acquired: true; superseded?: LockHolder; marked?: true }
  | { acquired: false; holder: LockHolder };

export type MarkResult = { held: true } | { held: false; holder?: string };

export interface StageLockStore {
  /**
   * Takes the lock if free or already ours; with `supersede`, also takes it from an older
   * holder that has not committed (the caller then tells that holder to stand down). A claimant
   * that does not get the lock is listed as a waiter. With `committed` (a stage that takes its
   * lock and commits in one step), a lock it takes is marked committed in the same write
   * (`marked`); a lock that was ours already is left as it is (mark it with `markCommitted`).
   */
  acquire(lockKey: string, claimant: Claimant, supersede: boolean, options?: { committed?: boolean }): Promise<AcquireResult>;
  /**
   * Marks our lock as about to commit, so it can no longer be superseded. `held: false` when the
   * lock is not ours any more (a newer image took it): then the caller must not commit.
   */
  markCommitted(lockKey: string, promotionId: string): Promise<MarkResult>;
  /** Releases only our own lock (a superseded holder releasing later changes nothing); returns who waited for it. */
  release(lockKey: string, promotionId: string): Promise<string[]>;
}

export function canSupersede(holder: LockHolder, claimant: Claimant): boolean {
  return !holder.committed && Date.parse(claimant.publishedAt) > Date.parse(holder.publishedAt);
}

/** The waiters after a claimant queued (once) or took the lock (not waiting any more). */
export function withWaiter(waiters: string[], promotionId: string): string[] {
  return waiters.includes(promotionId) ? waiters : [...waiters, promotionId];
}

export function withoutWaiter(waiters: string[], promotionId: string): string[] {
  return waiters.filter((w) => w !== promotionId);
}
