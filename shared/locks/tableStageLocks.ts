/**
 * StageLockStore on Azure Tables: one entity per lock key, changed only with ETag
 * compare-and-swap, so two hosts racing for a stage cannot both win.
 *
 * Round trips (issue 13): a stage takes, marks and releases its lock on its happy path, each on
 * the way to the next commit. A free lock is taken with one insert (no read first), and the row
 * this process wrote last is remembered with its ETag, so marking and releasing it are one
 * conditional write each. The ETag is the proof: if anyone changed the row since, the write fails
 * with 412 and the store falls back to read-then-write, so a stale memory (another host, a
 * queued waiter) costs one round trip, never a wrong decision.
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

/** A row as this process last wrote it, and the ETag that write got. */
interface Written {
  entity: LockEntity;
  etag: string;
}

const ROW = "lock";
const MAX_RACES = 10;
// Rows are forgotten when released; this only bounds the memory of locks never released here.
const MAX_REMEMBERED = 10_000;

export class TableStageLockStore implements StageLockStore {
  readonly #written = new Map<string, Written>();

  constructor(private readonly table: TableClient) {}

  async acquire(lockKey: string, claimant: Claimant, supersede: boolean, options: { committed?: boolean } = {}): Promise<AcquireResult> {
    const pk = tableKey(lockKey);
    const committed = options.committed === true;
    const marked = committed ? { marked: true as const } : {};
    const mine: LockEntity = { partitionKey: pk, rowKey: ROW, promotionId: claimant.promotionId, publishedAt: claimant.publishedAt, committed };
    // Most stages find their lock free: insert straight away; 409 means taken, then decide on what is there.
    if (await this.#tryCreate(mine, lockKey)) return { acquired: true, ...marked };
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.#read(pk);
      try {
        if (!current) {
          if (await this.#tryCreate(mine, lockKey)) return { acquired: true, ...marked };
          continue;
        }
        const holder = toHolder(current);
        if (holder.promotionId === claimant.promotionId) return { acquired: true };
        if (!supersede || !canSupersede(holder, claimant)) {
          const waiters = withWaiter(holder.waiters, claimant.promotionId);
          if (waiters !== holder.waiters) await this.#replace({ ...strip(current), waiters: JSON.stringify(waiters) }, current.etag);
          return { acquired: false, holder: { ...holder, waiters } };
        }
        await this.#replace({ ...mine, waiters: JSON.stringify(withoutWaiter(holder.waiters, claimant.promotionId)) }, current.etag);
        return { acquired: true, superseded: holder, ...marked };
      } catch (error) {
        // Someone else changed the row between our read and write: read again.
        if (hasStatus(error, 409) || hasStatus(error, 412)) continue;
        throw new Error(`cannot take stage lock ${lockKey}`, { cause: error });
      }
    }
    throw new Error(`stage lock ${lockKey} kept changing under ${MAX_RACES} attempts; try again`);
  }

  async markCommitted(lockKey: string, promotionId: string): Promise<MarkResult> {
    const changed = await this.#ifMine(lockKey, promotionId, (entity) => this.#replace({ ...strip(entity), committed: true }, entity.etag));
    if (changed) return { held: true };
    const holder = await this.#read(tableKey(lockKey));
    return { held: false, ...(holder ? { holder: holder.promotionId } : {}) };
  }

  async release(lockKey: string, promotionId: string): Promise<string[]> {
    const released = await this.#ifMine(lockKey, promotionId, async (entity) => {
      await this.table.deleteEntity(entity.partitionKey, ROW, { etag: entity.etag ?? "*" });
      this.#written.delete(entity.partitionKey);
    });
    return released ? toHolder(released).waiters : [];
  }

  /**
   * Applies `change` to our own lock row; returns the row it changed, undefined when the lock is
   * not ours. First on the row as this process last wrote it (no read), then read-and-retry.
   */
  async #ifMine(lockKey: string, promotionId: string, change: (entity: LockEntity) => Promise<unknown>): Promise<LockEntity | undefined> {
    const pk = tableKey(lockKey);
    const written = this.#written.get(pk);
    if (written && written.entity.promotionId === promotionId) {
      const entity = { ...written.entity, etag: written.etag };
      try {
        await change(entity);
        return entity;
      } catch (error) {
        // Changed (412) or gone (404) since we wrote it: decide on what is there now.
        this.#written.delete(pk);
        if (!hasStatus(error, 404) && !hasStatus(error, 412)) throw new Error(`cannot update stage lock ${lockKey}`, { cause: error });
      }
    }
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

  /** Inserts the row; false when a row is already there (409). */
  async #tryCreate(entity: LockEntity, lockKey: string): Promise<boolean> {
    try {
      const { etag } = await this.table.createEntity(entity);
      this.#remember(entity, etag);
      return true;
    } catch (error) {
      if (hasStatus(error, 409)) return false;
      throw new Error(`cannot take stage lock ${lockKey}`, { cause: error });
    }
  }

  /** Replaces the row if it still has `etag` (412 otherwise). */
  async #replace(entity: LockEntity, etag: string | undefined): Promise<void> {
    const response = await this.table.updateEntity(entity, "Replace", { etag: etag ?? "*" });
    this.#remember(entity, response.etag);
  }

  #remember(entity: LockEntity, etag: string | undefined): void {
    this.#written.delete(entity.partitionKey);
    if (!etag) return;
    if (this.#written.size >= MAX_REMEMBERED) {
      const oldest = this.#written.keys().next();
      if (!oldest.done) this.#written.delete(oldest.value);
    }
    this.#written.set(entity.partitionKey, { entity: strip(entity), etag });
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
