/** In-memory StageLockStore for tests and single-process runs. */
import { canSupersede, type AcquireResult, type LockHolder, type StageLockStore } from "./stageLocks.js";

export class MemoryStageLockStore implements StageLockStore {
  readonly locks = new Map<string, LockHolder>();

  acquire(lockKey: string, claimant: Omit<LockHolder, "committed">, supersede: boolean): Promise<AcquireResult> {
    const holder = this.locks.get(lockKey);
    if (!holder || holder.promotionId === claimant.promotionId) {
      if (!holder) this.locks.set(lockKey, { ...claimant, committed: false });
      return Promise.resolve({ acquired: true });
    }
    if (!supersede || !canSupersede(holder, claimant)) return Promise.resolve({ acquired: false, holder });
    this.locks.set(lockKey, { ...claimant, committed: false });
    return Promise.resolve({ acquired: true, superseded: holder });
  }

  markCommitted(lockKey: string, promotionId: string): Promise<void> {
    const holder = this.locks.get(lockKey);
    if (holder?.promotionId === promotionId) holder.committed = true;
    return Promise.resolve();
  }

  release(lockKey: string, promotionId: string): Promise<void> {
    if (this.locks.get(lockKey)?.promotionId === promotionId) this.locks.delete(lockKey);
    return Promise.resolve();
  }
}
