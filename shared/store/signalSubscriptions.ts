import { odata, type TableClient } from "@azure/data-tables";
import type { SubscriptionStore } from "./ports.js";
import { hasStatus } from "./tableClient.js";
import { tableKey } from "./tableKey.js";

interface SubscriptionEntity {
  partitionKey: string;
  rowKey: string;
  waitKey: string;
  instanceId: string;
}

/** Waits by signal key: one partition per key, so "who waits for this?" is a single-partition query. */
export class TableSubscriptionStore implements SubscriptionStore {
  constructor(private readonly table: TableClient) {}

  async add(key: string, instanceId: string): Promise<void> {
    const row: SubscriptionEntity = { partitionKey: tableKey(key), rowKey: tableKey(instanceId), waitKey: key, instanceId };
    await this.table.upsertEntity(row, "Replace");
  }

  async remove(key: string, instanceId: string): Promise<void> {
    try {
      await this.table.deleteEntity(tableKey(key), tableKey(instanceId));
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  }

  async waiting(key: string): Promise<string[]> {
    const ids: string[] = [];
    const rows = this.table.listEntities<SubscriptionEntity>({ queryOptions: { filter: odata`PartitionKey eq ${tableKey(key)}` } });
    for await (const row of rows) ids.push(row.instanceId);
    return ids;
  }
}
