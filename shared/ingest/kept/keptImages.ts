import type { TableClient } from "@azure/data-tables";
import { hasStatus } from "../../store/tableClient.js";
import { tableKey } from "../../store/tableKey.js";
import type { ImagePublished } from "../model.js";
import type { KeptImages } from "../ports.js";

export interface KeptImage {
  image: ImagePublished;
  keptAt: string;
  reason: string;
}

/** Kept images, listed for replay and removed once a valid configuration decided them. */
export interface KeptImageStore extends KeptImages {
  list(): Promise<KeptImage[]>;
  remove(image: ImagePublished): Promise<void>;
}

interface KeptEntity {
  partitionKey: string;
  rowKey: string;
  image: string;
  keptAt: string;
  reason: string;
}

const PARTITION = "kept";

/**
 * Images that arrived while the pipelines file was invalid, in `<prefix>KeptImages`: one row per
 * delivery (source and delivery id), so a redelivery overwrites its own row and nothing is lost
 * or doubled. A few rows at most in practice: one partition is enough.
 */
export class TableKeptImages implements KeptImageStore {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async keep(image: ImagePublished, reason: string): Promise<void> {
    const entity: KeptEntity = { partitionKey: PARTITION, rowKey: rowOf(image), image: JSON.stringify(image), keptAt: this.now().toISOString(), reason };
    await this.table.upsertEntity(entity, "Replace");
  }

  async list(): Promise<KeptImage[]> {
    const kept: KeptImage[] = [];
    for await (const row of this.table.listEntities<KeptEntity>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}'` } })) {
      kept.push({ image: JSON.parse(row.image) as ImagePublished, keptAt: row.keptAt, reason: row.reason });
    }
    return kept.sort((a, b) => a.keptAt.localeCompare(b.keptAt));
  }

  async remove(image: ImagePublished): Promise<void> {
    await this.table.deleteEntity(PARTITION, rowOf(image)).catch((error: unknown) => {
      if (!hasStatus(error, 404)) throw error;
    });
  }
}

function rowOf(image: ImagePublished): string {
  return tableKey(`${image.source}:${image.deliveryId}`);
}
