/** In-memory StageLockStore for tests and single-process runs. */
import { canSupersede, withWaiter, withoutWaiter, type AcquireResult, type Claimant, type LockHolder, type MarkResult, type StageLockStore } from "./stageLocks.js";

export class MemoryStageLockStore implements StageLockStore {
  readonly locks = new Map<string, LockHolder>();

  acquire(lockKey: string, claimant: Claimant, supersede: boolean, options: { committed?: boolean } = {}): Promise<AcquireResult> {
    const holder = this.locks.get(lockKey);
    const committed = options.committed === true;
    const marked = committed ? { marked: true as const } : {};
    if (!holder) {
      this.locks.set(lockKey, { ...claimant, committed, waiters: [] });
      return Promise.resolve({ acquired: true, ...marked });
    }
    if (holder.promotionId === claimant.promotionId) return Promise.resolve({ acquired: true });
    if (!supersede || !canSupersede(holder, claimant)) {
      holder.waiters = withWaiter(holder.waiters, claimant.promotionId);
      return Promise.resolve({ acquired: false, holder: { ...holder } });
    }
    this.locks.set(lockKey, { ...claimant, committed, waiters: withoutWaiter(holder.waiters, claimant.promotionId) });
    return Promise.resolve({ acquired: true, superseded: holder, ...marked });
  }

  markCommitted(lockKey: string, promotionId: string): Promise<MarkResult> {
    const holder = this.locks.get(lockKey);
    if (holder?.promotionId !== promotionId) return Promise.resolve({ held: false, ...(holder ? { holder: holder.promotionId } : {}) });
    holder.committed = true;
    return Promise.resolve({ held: true });
  }

  release(lockKey: string, promotionId: string): Promise<string[]> {
    const holder = this.locks.get(lockKey);
    if (holder?.promotionId !== promotionId) return Promise.resolve([]);
    this.locks.delete(lockKey);
    return Promise.resolve(holder.waiters);
  }
}
