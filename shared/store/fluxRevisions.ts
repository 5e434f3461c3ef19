import type { TableClient } from "@azure/data-tables";
import type { FluxReport, FluxRevisionStore } from "./ports.js";
import { hasStatus } from "./tableClient.js";
import { tableKey } from "./tableKey.js";

type ReportEntity = FluxReport & { partitionKey: string; rowKey: string };

const row = "last";
// Each lost race means another report was stored, so a writer racing N others loses at most N
// times; Flux sends a handful of events per object per reconcile, far fewer than this.
const attempts = 20;

/**
 * The newest report per Flux object. Flux events arrive unordered and may be retried, so a
 * report only replaces an older one (optimistic concurrency on the ETag settles races).
 */
export class TableFluxRevisionStore implements FluxRevisionStore {
  constructor(private readonly table: TableClient) {}

  async record(objectKey: string, report: FluxReport): Promise<"recorded" | "stale"> {
    const entity: ReportEntity = { partitionKey: tableKey(objectKey), rowKey: row, ...report };
    for (let attempt = 0; attempt < attempts; attempt++) {
      const current = await this.read(objectKey);
      if (current && Date.parse(current.report.reportedAt) > Date.parse(report.reportedAt)) return "stale";
      try {
        if (current) await this.table.updateEntity(entity, "Replace", { etag: current.etag });
        else await this.table.createEntity(entity);
        return "recorded";
      } catch (error) {
        // Someone wrote in between: read again and re-decide.
        if (!hasStatus(error, 412) && !hasStatus(error, 409)) throw error;
      }
    }
    throw new Error(`cannot record Flux report for ${objectKey}: too many concurrent writers`);
  }

  async last(objectKey: string): Promise<FluxReport | undefined> {
    return (await this.read(objectKey))?.report;
  }

  private async read(objectKey: string): Promise<{ report: FluxReport; etag: string } | undefined> {
    try {
      const e = await this.table.getEntity<ReportEntity>(tableKey(objectKey), row);
      const report: FluxReport = {
        outcome: e.outcome,
        cluster: e.cluster,
        objectKind: e.objectKind,
        namespace: e.namespace,
        name: e.name,
        revision: e.revision,
        reason: e.reason,
        message: e.message,
        reportedAt: e.reportedAt,
      };
      return { report, etag: e.etag };
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
