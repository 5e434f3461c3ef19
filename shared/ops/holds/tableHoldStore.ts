import { randomUUID } from "node:crypto";
import { odata, type TableClient } from "@azure/data-tables";
import { hasStatus } from "../../store/tableClient.js";
import { tableKey } from "../../store/tableKey.js";
import type { Actor } from "../actor.js";
import { afterPrefix, sortableTime } from "../store/rowTime.js";
import { activeHold, byScope, holdEvent } from "./holdRecords.js";
import type { ActiveHold, HoldEvent, HoldScope, HoldStore } from "./holdStore.js";

// A type alias, not an interface: transactions take Record<string, unknown>-shaped entities.
type HoldEntity = {
  partitionKey: string;
  rowKey: string;
  /** The hold or history event as JSON; empty in the `active` row once released. */
  record: string;
};

const ACTIVE = "active";
const HISTORY = "h.";
const attempts = 10;

/**
 * One partition per scope (`global`, or `p.<pipeline>`): the active hold in row `active` (emptied,
 * not deleted, on release: transactional deletes cannot carry an ETag), history in time-sorted
 * rows beside it. Each change and its history row are one transaction, so the history never
 * misses a change; ETags settle concurrent releases.
 */
export class TableHoldStore implements HoldStore {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async set(scope: HoldScope, actor: Actor, reason: string): Promise<{ hold: ActiveHold; replaced?: ActiveHold }> {
    const at = this.now().toISOString();
    const hold = activeHold(scope, actor, reason, at);
    const pk = partitionOf(scope);
    const replaced = await this.read(scope);
    await this.table.submitTransaction([
      ["upsert", { partitionKey: pk, rowKey: ACTIVE, record: JSON.stringify(hold) }, "Replace"],
      ["create", this.historyRow(pk, holdEvent("set", scope, actor, reason, at))],
    ]);
    return replaced ? { hold, replaced: replaced.hold } : { hold };
  }

  async release(scope: HoldScope, actor: Actor, reason: string): Promise<ActiveHold | undefined> {
    const pk = partitionOf(scope);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const current = await this.read(scope);
      if (!current) return undefined;
      try {
        await this.table.submitTransaction([
          ["update", { partitionKey: pk, rowKey: ACTIVE, record: "" }, "Replace", { etag: current.etag }],
          ["create", this.historyRow(pk, holdEvent("released", scope, actor, reason, this.now().toISOString()))],
        ]);
        return current.hold;
      } catch (error) {
        // Replaced or released in between: read again and re-decide.
        if (!hasStatus(error, 412) && !hasStatus(error, 404)) throw new Error(`cannot release the ${scope.scope} hold`, { cause: error });
      }
    }
    throw new Error(`cannot release the ${scope.scope} hold: too many concurrent changes`);
  }

  async active(scope: HoldScope): Promise<ActiveHold | undefined> {
    return (await this.read(scope))?.hold;
  }

  async activeHolds(pipeline: string): Promise<ActiveHold[]> {
    const holds = await Promise.all([this.active({ scope: "global" }), this.active({ scope: "pipeline", pipeline })]);
    return holds.filter((h): h is ActiveHold => h !== undefined);
  }

  async listActive(): Promise<ActiveHold[]> {
    const holds: ActiveHold[] = [];
    const filter = odata`RowKey eq ${ACTIVE} and record ne ${""}`;
    for await (const row of this.table.listEntities<HoldEntity>({ queryOptions: { filter } })) holds.push(JSON.parse(row.record) as ActiveHold);
    return holds.sort(byScope);
  }

  async history(scope: HoldScope): Promise<HoldEvent[]> {
    const filter = odata`PartitionKey eq ${partitionOf(scope)} and RowKey ge ${HISTORY} and RowKey lt ${afterPrefix(HISTORY)}`;
    const events: HoldEvent[] = [];
    for await (const row of this.table.listEntities<HoldEntity>({ queryOptions: { filter } })) events.push(JSON.parse(row.record) as HoldEvent);
    return events;
  }

  private historyRow(pk: string, event: HoldEvent): HoldEntity {
    return { partitionKey: pk, rowKey: `${HISTORY}${sortableTime(event.at)}.${randomUUID()}`, record: JSON.stringify(event) };
  }

  private async read(scope: HoldScope): Promise<{ hold: ActiveHold; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<HoldEntity>(partitionOf(scope), ACTIVE);
      return row.record ? { hold: JSON.parse(row.record) as ActiveHold, etag: row.etag } : undefined;
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw new Error(`cannot read the ${scope.scope} hold`, { cause: error });
    }
  }
}

function partitionOf(scope: HoldScope): string {
  return scope.scope === "global" ? "global" : `p.${tableKey(scope.pipeline)}`;
}
