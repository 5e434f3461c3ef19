import type { StorageSetting } from "../ingest/settings.js";
import { TableDeliveryLog } from "./deliveryLog.js";
import { TableFluxRevisionStore } from "./fluxRevisions.js";
import type { DeliveryLog, FluxRevisionStore, SubscriptionStore } from "./ports.js";
import { TableSubscriptionStore } from "./signalSubscriptions.js";
import { openTable } from "./tableClient.js";

export interface IngestStore {
  deliveries: DeliveryLog;
  subscriptions: SubscriptionStore;
  revisions: FluxRevisionStore;
}

export interface IngestStoreOptions {
  storage: StorageSetting;
  tablePrefix: string;
  deliveryRetentionMs: number;
  now?: () => Date;
}

/** Opens (creating if needed) the three ingestion tables: deliveries, subscriptions, Flux revisions. */
export async function openIngestStore(options: IngestStoreOptions): Promise<IngestStore & { deliveries: TableDeliveryLog }> {
  const [deliveries, subscriptions, revisions] = await Promise.all(
    ["Deliveries", "SignalSubscriptions", "FluxRevisions"].map((t) => openTable(options.storage, `${options.tablePrefix}${t}`)),
  );
  return {
    deliveries: new TableDeliveryLog(deliveries!, options.deliveryRetentionMs, options.now),
    subscriptions: new TableSubscriptionStore(subscriptions!),
    revisions: new TableFluxRevisionStore(revisions!),
  };
}
