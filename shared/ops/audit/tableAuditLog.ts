import { odata, type TableClient } from "@azure/data-tables";
import { hasStatus } from "../../store/tableClient.js";
import { tableKey } from "../../store/tableKey.js";
import { sortableTime } from "../store/rowTime.js";
import { targetKey, type AuditLog, type AuditRecord, type AuditTarget } from "./auditLog.js";

/** One-time claims live in their own partition, apart from the `t.` and `d.` record partitions. */
const CLAIMS = "claims";

interface AuditEntity {
  partitionKey: string;
  rowKey: string;
  action: string;
  outcome: string;
  /** The whole record as JSON (actor and target are nested). */
  record: string;
}

/**
 * Each record is written twice: under its target (`t.<target>`) for "what happened to this
 * promotion", and under its UTC day (`d.<yyyy-mm-dd>`) for "what happened between". Row keys are
 * `<time>.<id>`, so both read back in time order; upserts make a retried write harmless.
 */
export class TableAuditLog implements AuditLog {
  constructor(private readonly table: TableClient) {}

  async record(entry: AuditRecord): Promise<void> {
    const time = sortableTime(entry.at);
    const row = { rowKey: `${time}.${entry.id}`, action: entry.action, outcome: entry.outcome, record: JSON.stringify(entry) };
    try {
      await this.table.upsertEntity<AuditEntity>({ partitionKey: targetPartition(entry.target), ...row }, "Replace");
      await this.table.upsertEntity<AuditEntity>({ partitionKey: `d.${time.slice(0, 10)}`, ...row }, "Replace");
    } catch (error) {
      throw new Error(`cannot write audit record ${entry.action} on ${targetKey(entry.target)}`, { cause: error });
    }
  }

  async claim(key: string): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: CLAIMS, rowKey: tableKey(key), key });
      return true;
    } catch (error) {
      if (hasStatus(error, 409)) return false;
      throw new Error(`cannot claim ${key} in the audit table`, { cause: error });
    }
  }

  async release(key: string): Promise<void> {
    await this.table.deleteEntity(CLAIMS, tableKey(key)).catch((error: unknown) => {
      if (!hasStatus(error, 404)) throw new Error(`cannot release ${key} in the audit table`, { cause: error });
    });
  }

  forTarget(target: AuditTarget): Promise<AuditRecord[]> {
    return this.query(odata`PartitionKey eq ${targetPartition(target)}`);
  }

  between(from: Date, to: Date): Promise<AuditRecord[]> {
    const [start, end] = [sortableTime(from), sortableTime(to)];
    // Day partitions from `from`'s day to `to`'s day, and rows inside the exact interval.
    return this.query(
      odata`PartitionKey ge ${`d.${start.slice(0, 10)}`} and PartitionKey le ${`d.${end.slice(0, 10)}`} and RowKey ge ${start} and RowKey lt ${end}`,
    );
  }

  private async query(filter: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    for await (const row of this.table.listEntities<AuditEntity>({ queryOptions: { filter } })) records.push(JSON.parse(row.record) as AuditRecord);
    // Rows come partition by partition; days are in order already, but be explicit.
    return records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}

function targetPartition(target: AuditTarget): string {
  return `t.${tableKey(targetKey(target))}`;
}
