import type { StorageSetting } from "../../ingest/settings.js";
import { openTable } from "../../store/tableClient.js";
import type { AuditLog } from "../audit/auditLog.js";
import { TableAuditLog } from "../audit/tableAuditLog.js";
import type { HoldStore } from "../holds/holdStore.js";
import { TableHoldStore } from "../holds/tableHoldStore.js";
import { TableTimelineStore } from "../timeline/tableTimelineStore.js";
import type { TimelineStore } from "../timeline/timelineStore.js";

export interface OpsStore {
  holds: HoldStore;
  audit: AuditLog;
  timeline: TimelineStore;
}

export interface OpsStoreOptions {
  storage: StorageSetting;
  /** BATON_TABLE_PREFIX: the same prefix as the ingestion tables. */
  tablePrefix: string;
  now?: () => Date;
}

/**
 * Opens (creating if needed) the ops tables: `<prefix>Holds`, `<prefix>Audit`, `<prefix>Timeline`.
 * Activities of the promotion orchestration open the same store to read holds and record the
 * timeline.
 */
export async function openOpsStore(options: OpsStoreOptions): Promise<OpsStore> {
  const [holds, audit, timeline] = await Promise.all(
    ["Holds", "Audit", "Timeline"].map((t) => openTable(options.storage, `${options.tablePrefix}${t}`)),
  );
  return {
    holds: new TableHoldStore(holds!, options.now),
    audit: new TableAuditLog(audit!),
    timeline: new TableTimelineStore(timeline!, options.now),
  };
}
