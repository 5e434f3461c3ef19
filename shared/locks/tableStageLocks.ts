/**
 * StageLockStore on Azure Tables: one entity per lock key, changed only with ETag
 * compare-and-swap, so two hosts racing for a stage cannot both win.
 */
import type { TableClient } from "@azure/data-tables";
import { hasStatus } from "../store/tableClient.js";
import { tableKey } from "../store/tableKey.js";
import { canSupersede, withWaiter, withoutWaiter, type AcquireResult, type Claimant, type LockHolder, type MarkResult, type StageLockStore } from "./stageLocks.js";

interface LockEntity {
  partitionKey: string;
  rowKey: string;
  promotionId: string;
  publishedAt: string;
  committed: boolean;
  /** JSON array of the promotion ids queued behind the holder. */
  waiters?: string;
  etag?: string;
}

const ROW = "lock";
const MAX_RACES = 10;

export class TableStageLockStore implements StageLockStore {
  constructor(private readonly table: TableClient) {}

  async acquire(lockKey: string, claimant: Claimant, supersede: boolean): Promise<AcquireResult> {
    const pk = tableKey(lockKey);
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.#read(pk);
      const mine: LockEntity = { partitionKey: pk, rowKey: ROW, promotionId: claimant.promotionId, publishedAt: claimant.publishedAt, committed: false };
      try {
        if (!current) {
          await this.table.createEntity(mine);
          return { acquired: true };
        }
        const holder = toHolder(current);
        if (holder.promotionId === claimant.promotionId) return { acquired: true };
        if (!supersede || !canSupersede(holder, claimant)) {
          const waiters = withWaiter(holder.waiters, claimant.promotionId);
          if (waiters !== holder.waiters) await this.table.updateEntity({ ...strip(current), waiters: JSON.stringify(waiters) }, "Replace", { etag: current.etag ?? "*" });
          return { acquired: false, holder: { ...holder, waiters } };
        }
        await this.table.updateEntity({ ...mine, waiters: JSON.stringify(withoutWaiter(holder.waiters, claimant.promotionId)) }, "Replace", { etag: current.etag ?? "*" });
        return { acquired: true, superseded: holder };
      } catch (error) {
        // Someone else changed the row between our read and write: read again.
        if (hasStatus(error, 409) || hasStatus(error, 412)) continue;
        throw new Error(`cannot take stage lock ${lockKey}`, { cause: error });
      }
    }
    throw new Error(`stage lock ${lockKey} kept changing under ${MAX_RACES} attempts; try again`);
  }

  async markCommitted(lockKey: string, promotionId: string): Promise<MarkResult> {
    const changed = await this.#ifMine(lockKey, promotionId, (entity) => this.table.updateEntity({ ...strip(entity), committed: true }, "Replace", { etag: entity.etag ?? "*" }));
    if (changed) return { held: true };
    const holder = await this.#read(tableKey(lockKey));
    return { held: false, ...(holder ? { holder: holder.promotionId } : {}) };
  }

  async release(lockKey: string, promotionId: string): Promise<string[]> {
    const released = await this.#ifMine(lockKey, promotionId, (entity) => this.table.deleteEntity(entity.partitionKey, ROW, { etag: entity.etag ?? "*" }));
    return released ? toHolder(released).waiters : [];
  }

  /** Applies `change` to our own lock row; returns the row it changed, undefined when the lock is not ours. */
  async #ifMine(lockKey: string, promotionId: string, change: (entity: LockEntity) => Promise<unknown>): Promise<LockEntity | undefined> {
    const pk = tableKey(lockKey);
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.#read(pk);
      if (!current || current.promotionId !== promotionId) return undefined;
      try {
        await change(current);
        return current;
      } catch (error) {
        if (hasStatus(error, 404)) return undefined;
        if (hasStatus(error, 412)) continue;
        throw new Error(`cannot update stage lock ${lockKey}`, { cause: error });
      }
    }
    throw new Error(`stage lock ${lockKey} kept changing under ${MAX_RACES} attempts; try again`);
  }

  async #read(pk: string): Promise<LockEntity | undefined> {
    try {
      return await this.table.getEntity<LockEntity>(pk, ROW);
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

function toHolder(e: LockEntity): LockHolder {
  return { promotionId: e.promotionId, publishedAt: e.publishedAt, committed: e.committed, waiters: parseWaiters(e.waiters) };
}

function parseWaiters(json: string | undefined): string[] {
  if (!json) return [];
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((w): w is string => typeof w === "string") : [];
}

function strip(e: LockEntity): LockEntity {
  return { partitionKey: e.partitionKey, rowKey: e.rowKey, promotionId: e.promotionId, publishedAt: e.publishedAt, committed: e.committed, ...(e.waiters ? { waiters: e.waiters } : {}) };
}
