// GET /api/pipelines reads the timeline newest first, only as far back as its answer needs: over
// the real table (Azurite), with a long history, the view equals the one folded from the whole
// table, and far fewer rows are read.
import type { TableClient } from "@azure/data-tables";
import { beforeAll, describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../shared/durable/timeline.js";
import { foldHistories } from "../../shared/ops/dora/history.js";
import { pipelinesView } from "../../shared/ops/pipelinesView/pipelinesView.js";
import { viewHistories } from "../../shared/ops/pipelinesView/viewHistories.js";
import { TableTimelineStore } from "../../shared/ops/timeline/tableTimelineStore.js";
import { openTable } from "../../shared/store/tableClient.js";
import { useAzurite } from "../support/azurite.js";

const azurite = useAzurite();
const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const STAGES = ["dev", "prod"];
const known = { names: new Set(["orders", "billing"]), stages: new Map([["orders", STAGES], ["billing", STAGES]]) };

/** Counts the rows every query of the table returns. */
function counting(table: TableClient): { table: TableClient; rows: () => number } {
  let rows = 0;
  const listEntities = table.listEntities.bind(table);
  const wrapped = new Proxy(table, {
    get(target, property, receiver) {
      if (property !== "listEntities") return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<TableClient["listEntities"]>) => {
        const inner = listEntities(...args);
        return (async function* () {
          for await (const row of inner) {
            rows++;
            yield row;
          }
        })();
      };
    },
  });
  return { table: wrapped, rows: () => rows };
}

let store: TableTimelineStore;
let rows: () => number;
let total = 0;

async function promotion(pipeline: string, id: string, tag: string, startedDaysAgo: number, stages: { stage: string; readyDaysAgo: number; outcome?: "succeeded" | "failed" }[]): Promise<void> {
  const at = (daysAgo: number, ms = 0) => new Date(NOW.getTime() - daysAgo * DAY + ms).toISOString();
  const entries: [string, TimelineEntry][] = [[at(startedDaysAgo), { kind: "promotion.started", pipeline, image: `myacr.azurecr.io/${pipeline}:${tag}`, digest: `sha256:${id}`, by: "acr", configOrigin: "test", tag }]];
  for (const s of stages) {
    entries.push([at(s.readyDaysAgo, -60_000), { kind: "commit", stage: s.stage, commit: "c0ffee", changed: true, repository: "gitops@main", changes: [] }]);
    if (s.outcome !== "failed") entries.push([at(s.readyDaysAgo), { kind: "flux.observed", stage: s.stage, object: "Kustomization x", revision: "main@sha1:c0ffee", outcome: "ready", via: "flux" }]);
    entries.push([at(s.readyDaysAgo, 1000), { kind: "stage.finished", stage: s.stage, outcome: s.outcome ?? "succeeded" }]);
  }
  for (const [i, [when, entry]] of entries.entries()) {
    await store.append({ promotionId: id, entryId: `${id}-${i}`, at: when, entry });
    total++;
  }
}

beforeAll(async () => {
  const table = await openTable({ kind: "connection-string", value: azurite().connectionString }, `pipelinesview${Date.now()}`);
  const counted = counting(table);
  rows = counted.rows;
  store = new TableTimelineStore(counted.table, () => NOW);
  // Two years of history: a promotion every ten days through both stages, for both pipelines.
  for (let n = 0; n < 70; n++) {
    const daysAgo = 720 - n * 10;
    await promotion("orders", `promo-orders-${n}`, `1.${n}.0`, daysAgo, [{ stage: "dev", readyDaysAgo: daysAgo - 0.1 }, { stage: "prod", readyDaysAgo: daysAgo - 0.2 }]);
    await promotion("billing", `promo-billing-${n}`, `2.${n}.0`, daysAgo, [{ stage: "dev", readyDaysAgo: daysAgo - 0.1 }, { stage: "prod", readyDaysAgo: daysAgo - 0.2 }]);
  }
  // Started twelve days ago, Ready at prod only yesterday: its start is far older than its Ready.
  await promotion("orders", "promo-orders-slow", "9.0.0", 12, [{ stage: "dev", readyDaysAgo: 11 }, { stage: "prod", readyDaysAgo: 1.5 }]);
  // Failed at dev six hours ago after orders' version went live: news the view must keep.
  await promotion("orders", "promo-orders-bad", "9.1.0", 0.5, [{ stage: "dev", readyDaysAgo: 0.25, outcome: "failed" }]);
}, 240_000);

describe("the pipelines view's timeline read", () => {
  it("answers as the whole table does, reading a fraction of its rows", async () => {
    const before = rows();
    const histories = await viewHistories(store, known, NOW);
    const read = rows() - before;
    const everything = foldHistories(await store.between());
    expect(rows() - before - read).toBe(total);

    const view = (h: typeof histories) => pipelinesView({ names: [...known.names], stages: known.stages, histories: h, live: [], holds: [] });
    expect(view(histories)).toEqual(view(everything));
    const orders = view(histories).find((p) => p.name === "orders");
    expect(orders?.stages.map((s) => [s.name, s.version?.tag, s.lastFailure?.tag ?? null])).toEqual([
      ["dev", "9.0.0", "9.1.0"],
      ["prod", "9.0.0", null],
    ]);
    // The newest month and the slow promotion's own partition, not two years.
    expect(read).toBeLessThan(total / 5);
  });

  it("reads everything when a stage was never reached, and still answers the same", async () => {
    const withNew = { names: new Set([...known.names, "fresh"]), stages: new Map([...known.stages, ["fresh", ["dev"]]]) };
    const before = rows();
    const histories = await viewHistories(store, withNew, NOW);
    expect(rows() - before).toBeGreaterThanOrEqual(total);
    const view = (h: typeof histories) => pipelinesView({ names: [...withNew.names], stages: withNew.stages, histories: h, live: [], holds: [] });
    expect(view(histories)).toEqual(view(foldHistories(await store.between())));
  });
});
