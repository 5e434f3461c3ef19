/**
 * Where a bundle's arrivals are kept until all its images are there or its window closes:
 * `<prefix>BundleArrivals`, one row per pipeline and group (`tag:1.4.2`), changed only by ETag
 * compare-and-swap, so two doors recording two members at once both land, and a host restart
 * between arrivals loses nothing (the same durability as KeptImages).
 */
import type { TableClient } from "@azure/data-tables";
import type { ImagePublished } from "../ingest/model.js";
import { hasStatus } from "../store/tableClient.js";
import { tableKey } from "../store/tableKey.js";

/** `gathering` until every member arrived (`complete`) or the window closed first (`expired`). */
export type GroupState = "gathering" | "complete" | "expired";

export interface BundleGroup {
  pipeline: string;
  /** `<together>:<value>`: `tag:1.4.2`, `revision:6c62fb4…`. */
  key: string;
  /** Counts the windows opened for this key: a rebuild after a closed window opens a new one. */
  generation: number;
  state: GroupState;
  /** By member name. */
  arrivals: Record<string, ImagePublished>;
  openedAt: string;
}

export interface BundleArrivalStore {
  read(pipeline: string, key: string): Promise<BundleGroup | undefined>;
  /**
   * Applies `change` to the group as stored (undefined: none yet) and stores the result, retrying
   * on a concurrent write; `change` returning undefined leaves the row as it is.
   */
  update(pipeline: string, key: string, change: (current: BundleGroup | undefined) => BundleGroup | undefined): Promise<{ group: BundleGroup | undefined; changed: boolean }>;
}

interface GroupEntity {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  group: string;
}

const MAX_RACES = 20;

export class TableBundleArrivals implements BundleArrivalStore {
  constructor(private readonly table: TableClient) {}

  async read(pipeline: string, key: string): Promise<BundleGroup | undefined> {
    return (await this.#read(pipeline, key))?.group;
  }

  async update(pipeline: string, key: string, change: (current: BundleGroup | undefined) => BundleGroup | undefined) {
    for (let race = 0; race < MAX_RACES; race++) {
      const current = await this.#read(pipeline, key);
      const next = change(current?.group);
      if (!next) return { group: current?.group, changed: false };
      const entity: GroupEntity = { partitionKey: tableKey(pipeline), rowKey: tableKey(key), group: JSON.stringify(next) };
      try {
        if (current) await this.table.updateEntity(entity, "Replace", { etag: current.etag });
        else await this.table.createEntity(entity);
        return { group: next, changed: true };
      } catch (error) {
        if (hasStatus(error, 412) || hasStatus(error, 409)) continue;
        throw new Error(`cannot record the bundle arrival for ${pipeline} ${key}`, { cause: error });
      }
    }
    throw new Error(`bundle ${pipeline} ${key} kept changing under ${MAX_RACES} attempts; try again`);
  }

  async #read(pipeline: string, key: string): Promise<{ group: BundleGroup; etag: string } | undefined> {
    try {
      const entity = await this.table.getEntity<GroupEntity>(tableKey(pipeline), tableKey(key));
      return { group: JSON.parse(entity.group) as BundleGroup, etag: entity.etag ?? "*" };
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
