/**
 * StageLockStore on Azure Tables: one entity per lock key, changed only with ETag
 * compare-and-swap, so two hosts racing for a stage cannot both win.
 */
import type { TableClient } from "@azure/data-tables";
import { hasStatus } from "../store/tableClient.js";
import { tableKey } from "../store/tableKey.js";
import { canSupersede, type AcquireResult, type LockHolder, type StageLockStore } from "./stageLocks.js";

interface LockEntity {
  partitionKey: string;
  rowKey: string;
  promotionId: string;
  publishedAt: string;
  committed: boolean;
  etag?: string;
}

const ROW = "lock";
const MAX_RACES = 10;

export class TableStageLockStore implements StageLockStore {
  constructor(private readonly table: TableClient) {}

  async acquire(lockKey: string, claimant: Omit<LockHolder, "committed">, supersede: boolean): Promise<AcquireResult> {
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
        if (!supersede || !canSupersede(holder, claimant)) return { acquired: false, holder };
        await this.table.updateEntity(mine, "Replace", { etag: current.etag ?? "*" });
        return { acquired: true, superseded: holder };
      } catch (error) {
        // Someone else changed the row between our read and write: read again.
        if (hasStatus(error, 409) || hasStatus(error, 412)) continue;
        throw new Error(`cannot take stage lock ${lockKey}`, { cause: error });
      }
    }
    throw new Error(`stage lock ${lockKey} kept changing under ${MAX_RACES} attempts; try again`);
  }

  async markCommitted(lockKey: string, promotionId: string): Promise<void> {
    await this.#ifMine(lockKey, promotionId, (entity) => this.table.updateEntity({ ...strip(entity), committed: true }, "Replace", { etag: entity.etag ?? "*" }));
  }

  async release(lockKey: string, promotionId: string): Promise<void> {
    await this.#ifMine(lockKey, promotionId, (entity) => this.table.deleteEntity(entity.partitionKey, ROW, { etag: entity.etag ?? "*" }));
  }

  async #ifMine(lockKey: string, promotionId: string, change: (entity: LockEntity) => Promise<unknown>): Promise<void> {
    const pk = tableKey(lockKey);
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.#read(pk);
      if (!current || current.promotionId !== promotionId) return;
      try {
        await change(current);
        return;
      } catch (error) {
        if (hasStatus(error, 404)) return;
        if (hasStatus(error, 412)) continue;
        throw new Error(`cannot update stage lock ${lockKey}`, { cause: error });
      }
    }
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
  return { promotionId: e.promotionId, publishedAt: e.publishedAt, committed: e.committed };
}

function strip(e: LockEntity): LockEntity {
  return { partitionKey: e.partitionKey, rowKey: e.rowKey, promotionId: e.promotionId, publishedAt: e.publishedAt, committed: e.committed };
}
