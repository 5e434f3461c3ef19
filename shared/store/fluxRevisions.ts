import type { TableClient } from "@azure/data-tables";
import type { FluxReport, FluxRevisionStore } from "./ports.js";
import { hasStatus } from "./tableClient.js";
import { tableKey } from "./tableKey.js";

type ReportEntity = FluxReport & { partitionKey: string; rowKey: string };

const row = "last";
// Each lost race means another report was stored, so a writer racing N others loses at most N
// times; Flux sends a handful of events per object per reconcile, far fewer than this.
const attempts = 20;

// Objects whose row this process last saw; only bounds the memory.
const maxRemembered = 10_000;

/**
 * The newest report per Flux object. Flux events arrive unordered and may be retried, so a
 * report only replaces an older one (optimistic concurrency on the ETag settles races).
 *
 * Each Flux report is on the way from Ready to the next stage's commit (issue 13), so the row
 * this process last read or wrote is remembered with its ETag: the next report of that object is
 * one conditional write instead of a read and a write. A stored report only ever gets newer, so
 * a remembered one newer than the incoming report already proves it stale; a write whose ETag no
 * longer matches (another host wrote) fails with 412 and falls back to read-then-write.
 */
export class TableFluxRevisionStore implements FluxRevisionStore {
  readonly #seen = new Map<string, { reportedAt: string; etag: string }>();

  constructor(private readonly table: TableClient) {}

  async record(objectKey: string, report: FluxReport): Promise<"recorded" | "stale"> {
    const entity: ReportEntity = { partitionKey: tableKey(objectKey), rowKey: row, ...report };
    const seen = this.#seen.get(objectKey);
    if (seen) {
      if (newer(seen.reportedAt, report.reportedAt)) return "stale";
      try {
        const { etag } = await this.table.updateEntity(entity, "Replace", { etag: seen.etag });
        this.#remember(objectKey, report.reportedAt, etag);
        return "recorded";
      } catch (error) {
        this.#seen.delete(objectKey);
        if (!hasStatus(error, 412) && !hasStatus(error, 404)) throw error;
      }
    }
    for (let attempt = 0; attempt < attempts; attempt++) {
      const current = await this.read(objectKey);
      if (current && newer(current.report.reportedAt, report.reportedAt)) return "stale";
      try {
        const { etag } = current ? await this.table.updateEntity(entity, "Replace", { etag: current.etag }) : await this.table.createEntity(entity);
        this.#remember(objectKey, report.reportedAt, etag);
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

  #remember(objectKey: string, reportedAt: string, etag: string | undefined): void {
    this.#seen.delete(objectKey);
    if (!etag) return;
    if (this.#seen.size >= maxRemembered) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    this.#seen.set(objectKey, { reportedAt, etag });
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
      this.#remember(objectKey, report.reportedAt, e.etag);
      return { report, etag: e.etag };
    } catch (error) {
      if (hasStatus(error, 404)) {
        this.#seen.delete(objectKey);
        return undefined;
      }
      throw error;
    }
  }
}

function newer(stored: string, incoming: string): boolean {
  return Date.parse(stored) > Date.parse(incoming);
}
