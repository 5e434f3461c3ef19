import { odata, type TableClient } from "@azure/data-tables";
import type { DeliveryLog } from "./ports.js";
import { hasStatus } from "./tableClient.js";
import { tableKey } from "./tableKey.js";

interface DeliveryEntity {
  partitionKey: string;
  rowKey: string;
  deliveryId: string;
  seenAt: string;
}

/**
 * Deliveries already handled, one row per (source, delivery id). A row older than the retention
 * window no longer counts, so ids can be reused by senders after it; `purgeExpired` deletes them.
 */
export class TableDeliveryLog implements DeliveryLog {
  constructor(
    private readonly table: TableClient,
    private readonly retentionMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async hasSeen(source: string, deliveryId: string): Promise<boolean> {
    try {
      const row = await this.table.getEntity<DeliveryEntity>(source, tableKey(deliveryId));
      return this.now().getTime() - Date.parse(row.seenAt) < this.retentionMs;
    } catch (error) {
      if (hasStatus(error, 404)) return false;
      throw new Error(`cannot read delivery log for ${source}`, { cause: error });
    }
  }

  async markSeen(source: string, deliveryId: string): Promise<void> {
    const row: DeliveryEntity = { partitionKey: source, rowKey: tableKey(deliveryId), deliveryId, seenAt: this.now().toISOString() };
    await this.table.upsertEntity(row, "Replace");
  }

  /** Deletes rows past the retention window; returns how many. Meant for a periodic timer. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.retentionMs).toISOString();
    let deleted = 0;
    for await (const row of this.table.listEntities<DeliveryEntity>({ queryOptions: { filter: odata`seenAt lt ${cutoff}` } })) {
      await this.table.deleteEntity(row.partitionKey, row.rowKey).catch((error: unknown) => {
        if (!hasStatus(error, 404)) throw error;
      });
      deleted++;
    }
    return deleted;
  }
}
