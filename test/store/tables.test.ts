import { describe, expect, it } from "vitest";
import { TableFluxRevisionStore } from "../../shared/store/fluxRevisions.js";
import { openIngestStore } from "../../shared/store/ingestStore.js";
import type { FluxReport } from "../../shared/store/ports.js";
import { useAzurite } from "../support/azurite.js";
import { countedTable } from "../support/countedTable.js";

const azurite = useAzurite();
const HOUR = 3600_000;
let tables = 0;

/** A fresh set of tables per test (unique prefix) on this file's Azurite, with a settable clock. */
async function store(retentionMs = 72 * HOUR) {
  let now = new Date("2026-03-01T10:00:00Z");
  const opened = await openIngestStore({
    storage: { kind: "connection-string", value: azurite().connectionString },
    tablePrefix: `t${++tables}x`,
    deliveryRetentionMs: retentionMs,
    now: () => now,
  });
  return { ...opened, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const report = (revision: string, reportedAt: string, outcome: FluxReport["outcome"] = "ready"): FluxReport => ({
  outcome,
  cluster: "aks-weu-1",
  objectKind: "Kustomization",
  namespace: "flux-system",
  name: "apps-prod",
  revision,
  reason: outcome === "ready" ? "ReconciliationSucceeded" : "HealthCheckFailed",
  message: "m",
  reportedAt,
});

describe("delivery log on Azure Tables", () => {
  it("remembers a delivery only after it is marked, per source", async () => {
    const s = await store();
    expect(await s.deliveries.hasSeen("github", "d/1?#x")).toBe(false);
    await s.deliveries.markSeen("github", "d/1?#x");
    expect(await s.deliveries.hasSeen("github", "d/1?#x")).toBe(true);
    expect(await s.deliveries.hasSeen("flux", "d/1?#x")).toBe(false);
  });

  it("forgets deliveries after the retention window and purges them", async () => {
    const s = await store(24 * HOUR);
    await s.deliveries.markSeen("acr-eventgrid", "old");
    s.advance(23 * HOUR);
    await s.deliveries.markSeen("acr-eventgrid", "recent");
    expect(await s.deliveries.hasSeen("acr-eventgrid", "old")).toBe(true);
    s.advance(2 * HOUR);
    expect(await s.deliveries.hasSeen("acr-eventgrid", "old")).toBe(false);
    expect(await s.deliveries.hasSeen("acr-eventgrid", "recent")).toBe(true);
    expect(await s.deliveries.purgeExpired()).toBe(1);
    expect(await s.deliveries.hasSeen("acr-eventgrid", "recent")).toBe(true);
  });
});

describe("signal subscriptions on Azure Tables", () => {
  it("lists, dedupes and removes the instances waiting for a key", async () => {
    const s = await store();
    const key = "flux:aks-weu-1/Kustomization/flux-system/apps-prod";
    await s.subscriptions.add(key, "promo-a");
    await s.subscriptions.add(key, "promo-b");
    await s.subscriptions.add(key, "promo-a");
    await s.subscriptions.add("pr:acme/orders#7", "promo-c");
    expect((await s.subscriptions.waiting(key)).sort()).toEqual(["promo-a", "promo-b"]);
    await s.subscriptions.remove(key, "promo-a");
    await s.subscriptions.remove(key, "never-added");
    expect(await s.subscriptions.waiting(key)).toEqual(["promo-b"]);
    expect(await s.subscriptions.waiting("workflow:none@0")).toEqual([]);
  });
});

describe("last Flux revision on Azure Tables", () => {
  const key = "flux:aks-weu-1/Kustomization/flux-system/apps-prod";

  it("keeps the newest report whatever the arrival order", async () => {
    const s = await store();
    expect(await s.revisions.last(key)).toBeUndefined();
    expect(await s.revisions.record(key, report("main@sha1:bbb", "2026-03-01T10:06:00Z"))).toBe("recorded");
    expect(await s.revisions.record(key, report("main@sha1:aaa", "2026-03-01T10:05:00Z"))).toBe("stale");
    expect((await s.revisions.last(key))?.revision).toBe("main@sha1:bbb");
    expect(await s.revisions.record(key, report("main@sha1:ccc", "2026-03-01T10:07:00Z", "failed"))).toBe("recorded");
    expect(await s.revisions.last(key)).toEqual(report("main@sha1:ccc", "2026-03-01T10:07:00Z", "failed"));
  });

  it("settles concurrent writers on the newest report", async () => {
    const s = await store();
    const minutes = Array.from({ length: 12 }, (_, i) => i);
    await Promise.all(minutes.map((m) => s.revisions.record(key, report(`main@sha1:${m}`, `2026-03-01T10:${String(m + 10)}:00Z`))));
    expect((await s.revisions.last(key))?.revision).toBe("main@sha1:11");
  });

  it("records the next report of an object it saw with one request; another host's write in between costs a re-read, not a report", async () => {
    const name = `revs${++tables}x`;
    const counted = () => {
      const { client, requests } = countedTable(azurite().connectionString, name);
      return { store: new TableFluxRevisionStore(client), requests, client };
    };
    const a = counted();
    const b = counted();
    await a.client.createTable();
    expect(await a.store.record(key, report("main@sha1:1", "2026-03-01T10:01:00Z"))).toBe("recorded");
    a.requests.length = 0;
    expect(await a.store.record(key, report("main@sha1:2", "2026-03-01T10:02:00Z"))).toBe("recorded");
    expect(a.requests).toEqual(["PUT 204"]);
    // Older than what this host stored: stale without asking storage.
    expect(await a.store.record(key, report("main@sha1:0", "2026-03-01T10:00:30Z"))).toBe("stale");
    expect(a.requests).toHaveLength(1);
    // Host b stores a newer report; host a's remembered ETag is now stale.
    expect(await b.store.record(key, report("main@sha1:4", "2026-03-01T10:04:00Z"))).toBe("recorded");
    a.requests.length = 0;
    expect(await a.store.record(key, report("main@sha1:3", "2026-03-01T10:03:00Z"))).toBe("stale");
    expect(a.requests).toEqual(["PUT 412", "GET 200"]);
    expect(await a.store.record(key, report("main@sha1:5", "2026-03-01T10:05:00Z"))).toBe("recorded");
    expect((await b.store.last(key))?.revision).toBe("main@sha1:5");
  });
});
