/**
 * One promotion per stage target at a time (issue 5). The lock row says who holds the target,
 * which image it promotes and whether it already committed: a holder that committed is never
 * superseded, so a stage is never left half-changed.
 */
export interface LockHolder {
  promotionId: string;
  /** When the held image was published: "newer" means published later. */
  publishedAt: string;
  committed: boolean;
}

export type AcquireResult =
  | { acquired: true; superseded?: LockHolder }
  | { acquired: false; holder: LockHolder };

export interface StageLockStore {
  /**
   * Takes the lock if free or already ours; with `supersede`, also takes it from an older
   * holder that has not committed (the caller then tells that holder to stand down).
   */
  acquire(lockKey: string, claimant: Omit<LockHolder, "committed">, supersede: boolean): Promise<AcquireResult>;
  markCommitted(lockKey: string, promotionId: string): Promise<void>;
  /** Releases only our own lock: a superseded holder releasing later changes nothing. */
  release(lockKey: string, promotionId: string): Promise<void>;
}

export function canSupersede(holder: LockHolder, claimant: Omit<LockHolder, "committed">): boolean {
  return !holder.committed && Date.parse(claimant.publishedAt) > Date.parse(holder.publishedAt);
}
