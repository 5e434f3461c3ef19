import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import { hasStatus } from "../../store/tableClient.js";
import { tableKey } from "../../store/tableKey.js";
import { afterPrefix, sortableTime } from "../store/rowTime.js";
import type { TimelineRecord, TimelineStore } from "./timelineStore.js";

// A type alias, not an interface: transactions take Record<string, unknown>-shaped entities.
type EntryEntity = {
  partitionKey: string;
  rowKey: string;
  entryId: string;
  at: string;
  /** The entry as JSON: kinds differ in shape and Tables has no nested values. */
  entry: string;
};

const ENTRY = "t.";
const MARKER = "id.";
/** Azure Tables takes at most 100 operations per transaction: two per entry. */
const ENTRIES_PER_TRANSACTION = 50;

/**
 * One partition per promotion. Each append writes, in one transaction, the entry under a row key
 * sortable by time then append time, and a marker row keyed by the entry id alone: a second
 * append of the same id fails on the marker (409) and is reported as a duplicate.
 */
export class TableTimelineStore implements TimelineStore {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(record: TimelineRecord, appendedAt: Date = this.now()): Promise<"appended" | "duplicate"> {
    try {
      await this.table.submitTransaction(operations(record, appendedAt));
      return "appended";
    } catch (error) {
      if (hasStatus(error, 409)) return "duplicate";
      throw new Error(`cannot append timeline entry ${record.entryId} of ${record.promotionId}`, { cause: error });
    }
  }

  /**
   * One transaction per promotion (and 50 entries). Transactions are all or nothing, so when one
   * entry is already there (a retried activity) nothing was written, and the entries go one by
   * one, each skipping itself if present. Append times step by a millisecond per entry, so
   * entries with the same `at` keep their order.
   */
  async appendAll(records: readonly TimelineRecord[]): Promise<void> {
    const byPromotion = new Map<string, TimelineRecord[]>();
    for (const r of records) byPromotion.set(r.promotionId, [...(byPromotion.get(r.promotionId) ?? []), r]);
    const start = this.now().getTime();
    await Promise.all(
      [...byPromotion.values()].map(async (entries) => {
        const unique = entries.filter((e, i) => entries.findIndex((o) => o.entryId === e.entryId) === i);
        for (let from = 0; from < unique.length; from += ENTRIES_PER_TRANSACTION) {
          const chunk = unique.slice(from, from + ENTRIES_PER_TRANSACTION).map((record, i) => ({ record, appendedAt: new Date(start + from + i) }));
          if (chunk.length === 1) {
            await this.append(chunk[0]!.record, chunk[0]!.appendedAt);
            continue;
          }
          try {
            await this.table.submitTransaction(chunk.flatMap((c) => operations(c.record, c.appendedAt)));
          } catch (error) {
            if (!hasStatus(error, 409)) throw new Error(`cannot append ${chunk.length} timeline entries of ${chunk[0]!.record.promotionId}`, { cause: error });
            for (const c of chunk) await this.append(c.record, c.appendedAt);
          }
        }
      }),
    );
  }

  async list(promotionId: string): Promise<TimelineRecord[]> {
    const pk = tableKey(promotionId);
    const filter = odata`PartitionKey eq ${pk} and RowKey ge ${ENTRY} and RowKey lt ${afterPrefix(ENTRY)}`;
    const records: TimelineRecord[] = [];
    for await (const row of this.table.listEntities<EntryEntity>({ queryOptions: { filter } })) {
      records.push({ promotionId, entryId: row.entryId, at: row.at, entry: JSON.parse(row.entry) as TimelineRecord["entry"] });
    }
    return records;
  }

  async between(from?: Date, to?: Date): Promise<TimelineRecord[]> {
    // Row keys start with the entry's time (`t.<ISO time>.…`), so a time range is a key range:
    // each partition is read from `from` to `to` only, not filtered row by row.
    const filter = odata`RowKey ge ${from ? `${ENTRY}${sortableTime(from)}` : ENTRY} and RowKey lt ${to ? `${ENTRY}${sortableTime(to)}` : afterPrefix(ENTRY)}`;
    const records: TimelineRecord[] = [];
    for await (const row of this.table.listEntities<EntryEntity & { partitionKey: string }>({ queryOptions: { filter } })) {
      records.push({ promotionId: promotionIdOf(row), entryId: row.entryId, at: row.at, entry: JSON.parse(row.entry) as TimelineRecord["entry"] });
    }
    return records.sort((a, b) => a.at.localeCompare(b.at) || a.promotionId.localeCompare(b.promotionId));
  }
}

/** The entry row and its marker (the marker makes a second append of the entry id fail). */
function operations(record: TimelineRecord, appendedAt: Date): TransactionAction[] {
  const partitionKey = tableKey(record.promotionId);
  const idKey = tableKey(record.entryId);
  const entity: EntryEntity = {
    partitionKey,
    rowKey: `${ENTRY}${sortableTime(record.at)}.${sortableTime(appendedAt)}.${idKey}`,
    entryId: record.entryId,
    at: record.at,
    entry: JSON.stringify(record.entry),
  };
  return [
    ["create", { partitionKey, rowKey: `${MARKER}${idKey}`, entryRow: entity.rowKey }],
    ["create", entity],
  ];
}

/** Partition keys are tableKey(promotionId): base64url for every id the ops API accepts. */
function promotionIdOf(row: { partitionKey: string }): string {
  return Buffer.from(row.partitionKey, "base64url").toString("utf8");
}
