// DORA measures and the pipelines view from a known timeline: five promotions of two pipelines
// over three days, with a success, a rollback at prod, a failure fixed by the next deployment,
// one that never reached prod, and one that started before the period.
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../shared/durable/timeline.js";
import { foldHistories } from "../../shared/ops/dora/history.js";
import { computeDora } from "../../shared/ops/dora/metrics.js";
import { pipelinesView } from "../../shared/ops/pipelinesView/pipelinesView.js";
import { MemoryTimelineStore } from "../../shared/ops/timeline/memoryTimelineStore.js";
import type { TimelineRecord } from "../../shared/ops/timeline/timelineStore.js";

const STAGES = ["dev", "prod"];
let n = 0;
const record = (promotionId: string, at: string, entry: TimelineEntry): TimelineRecord => ({ promotionId, entryId: `e${++n}`, at, entry });

function started(id: string, pipeline: string, tag: string, publishedAt: string, at: string): TimelineRecord {
  return record(id, at, { kind: "promotion.started", pipeline, image: `acr.io/${pipeline}:${tag}`, digest: `sha256:${tag}`, by: "acr-eventgrid", configOrigin: "x", tag, publishedAt });
}

/** A stage that commits at `commit` and is Ready at `ready` (or fails there, maybe rolling back). */
function stage(id: string, name: string, commit: string, end: { ready: string } | { failed: string; rollback?: string }): TimelineRecord[] {
  const out = [record(id, commit, { kind: "commit", stage: name, commit: "c", changed: true, repository: "r", changes: [] })];
  if ("ready" in end) {
    out.push(record(id, end.ready, { kind: "flux.observed", stage: name, object: "k", revision: "main@sha1:c", outcome: "ready", via: "event" }));
    out.push(record(id, end.ready, { kind: "stage.finished", stage: name, outcome: "succeeded", detail: "at c" }));
  } else {
    if (end.rollback) out.push(record(id, end.rollback, { kind: "rollback", stage: name, commit: "r" }));
    out.push(record(id, end.failed, { kind: "stage.finished", stage: name, outcome: "failed", detail: "Flux failed" }));
  }
  return out;
}

const finished = (id: string, at: string, outcome: string) => record(id, at, { kind: "promotion.finished", outcome });

// orders: A ok (lead 2h), B fails at prod and rolls back (restored 30 m after its commit),
// C ok (lead 1h); web: D fails at prod without rollback, E fixes it 6 h later; F never gets to prod.
const HISTORY: TimelineRecord[] = [
  started("A", "orders", "1.0", "2026-03-01T08:00:00.000Z", "2026-03-01T08:01:00.000Z"),
  ...stage("A", "dev", "2026-03-01T08:02:00.000Z", { ready: "2026-03-01T08:10:00.000Z" }),
  ...stage("A", "prod", "2026-03-01T09:00:00.000Z", { ready: "2026-03-01T10:00:00.000Z" }),
  finished("A", "2026-03-01T10:00:00.000Z", "succeeded"),
  started("B", "orders", "1.1", "2026-03-02T08:00:00.000Z", "2026-03-02T08:00:00.000Z"),
  ...stage("B", "dev", "2026-03-02T08:01:00.000Z", { ready: "2026-03-02T08:05:00.000Z" }),
  ...stage("B", "prod", "2026-03-02T09:00:00.000Z", { failed: "2026-03-02T09:30:00.000Z", rollback: "2026-03-02T09:20:00.000Z" }),
  finished("B", "2026-03-02T09:30:00.000Z", "failed"),
  started("C", "orders", "1.2", "2026-03-03T08:00:00.000Z", "2026-03-03T08:00:00.000Z"),
  ...stage("C", "dev", "2026-03-03T08:01:00.000Z", { ready: "2026-03-03T08:05:00.000Z" }),
  ...stage("C", "prod", "2026-03-03T08:30:00.000Z", { ready: "2026-03-03T09:00:00.000Z" }),
  finished("C", "2026-03-03T09:00:00.000Z", "succeeded"),
  started("D", "web", "7", "2026-03-01T12:00:00.000Z", "2026-03-01T12:00:00.000Z"),
  ...stage("D", "prod", "2026-03-01T12:10:00.000Z", { failed: "2026-03-01T12:40:00.000Z" }),
  finished("D", "2026-03-01T12:40:00.000Z", "failed"),
  started("E", "web", "8", "2026-03-01T17:00:00.000Z", "2026-03-01T17:00:00.000Z"),
  ...stage("E", "prod", "2026-03-01T17:30:00.000Z", { ready: "2026-03-01T18:10:00.000Z" }),
  finished("E", "2026-03-01T18:10:00.000Z", "succeeded"),
  started("F", "orders", "1.3", "2026-03-03T10:00:00.000Z", "2026-03-03T10:00:00.000Z"),
  ...stage("F", "dev", "2026-03-03T10:01:00.000Z", { failed: "2026-03-03T10:20:00.000Z", rollback: "2026-03-03T10:10:00.000Z" }),
  finished("F", "2026-03-03T10:20:00.000Z", "failed"),
];

const period = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z") };
const prod = (pipeline: string) => (pipeline === "orders" ? "prod" : pipeline === "web" ? "prod" : undefined);

describe("DORA from the timeline", () => {
  const report = computeDora(foldHistories(HISTORY), period, prod);

  it("counts deployments Ready at prod per day and the lead time from image push to prod Ready", () => {
    expect(report.days).toBe(3);
    expect(report.overall).toMatchObject({ deployments: 3, deploymentsPerDay: 1 });
    const orders = report.pipelines.find((p) => p.pipeline === "orders");
    // A: 08:00 -> 10:00 (2 h); C: 08:00 -> 09:00 (1 h).
    expect(orders?.leadTime).toEqual({ samples: 2, medianSeconds: 5400, p90Seconds: 7200 });
    expect(orders?.daily.map((d) => [d.date, d.deployments, d.failures])).toEqual([
      ["2026-03-01", 1, 0],
      ["2026-03-02", 0, 1],
      ["2026-03-03", 1, 0],
    ]);
  });

  it("counts failed and rolled-back changes at prod (not a failure at dev) and the time to restore", () => {
    const orders = report.pipelines.find((p) => p.pipeline === "orders");
    const web = report.pipelines.find((p) => p.pipeline === "web");
    expect(orders).toMatchObject({ failures: 1, changeFailureRate: 0.333 });
    // B committed 09:00, its rollback finished 09:30.
    expect(orders?.timeToRestore).toEqual({ samples: 1, medianSeconds: 1800, p90Seconds: 1800, unrestored: 0 });
    // D committed 12:10, E Ready at 18:10.
    expect(web).toMatchObject({ deployments: 1, failures: 1, changeFailureRate: 0.5, timeToRestore: { medianSeconds: 21600, unrestored: 0 } });
    expect(report.overall).toMatchObject({ failures: 2, changeFailureRate: 0.4 });
  });

  it("measures only the chosen period", () => {
    const day2 = computeDora(foldHistories(HISTORY), { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-03T00:00:00Z") }, prod);
    expect(day2.overall).toMatchObject({ deployments: 0, failures: 1, changeFailureRate: 1, leadTime: { samples: 0, medianSeconds: null } });
  });

  it("reads the records back from the timeline store across promotions, within bounds", async () => {
    const store = new MemoryTimelineStore();
    for (const r of HISTORY) await store.append(r);
    expect(await store.between()).toHaveLength(HISTORY.length);
    const day1 = await store.between(new Date("2026-03-01T00:00:00Z"), new Date("2026-03-02T00:00:00Z"));
    expect(new Set(day1.map((r) => r.promotionId))).toEqual(new Set(["A", "D", "E"]));
  });
});

describe("the pipelines view", () => {
  it("shows the version Ready at each stage since when, and a failure after it", () => {
    const [orders, web] = pipelinesView({ names: ["web", "orders"], stages: new Map([["orders", STAGES], ["web", ["prod"]]]), histories: foldHistories(HISTORY), live: [], holds: [] });
    expect(orders?.name).toBe("orders");
    expect(orders?.stages.map((s) => [s.name, s.version?.tag, s.version?.since])).toEqual([
      ["dev", "1.2", "2026-03-03T08:05:00.000Z"],
      ["prod", "1.2", "2026-03-03T09:00:00.000Z"],
    ]);
    expect(orders?.stages[0]?.lastFailure).toMatchObject({ promotionId: "F", tag: "1.3", rolledBack: true });
    expect(orders?.stages[1]?.lastFailure).toBeNull();
    expect(web?.stages[0]?.version).toMatchObject({ tag: "8", promotionId: "E" });
  });
});
