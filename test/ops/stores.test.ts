// The ops stores against Azurite, and their in-memory fakes held to the same contract, so the
// orchestration's unit tests can rely on the fakes behaving like the tables.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../shared/ops/actor.js";
import { MemoryAuditLog } from "../../shared/ops/audit/memoryAuditLog.js";
import type { AuditRecord } from "../../shared/ops/audit/auditLog.js";
import { MemoryHoldStore } from "../../shared/ops/holds/memoryHoldStore.js";
import { openOpsStore, type OpsStore } from "../../shared/ops/store/opsStore.js";
import { MemoryTimelineStore } from "../../shared/ops/timeline/memoryTimelineStore.js";
import { useAzurite } from "../support/azurite.js";

const azurite = useAzurite();
let tables = 0;

interface World extends OpsStore {
  advance(ms: number): void;
}

function clock() {
  let now = new Date("2026-03-01T10:00:00Z");
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const kinds: [string, () => Promise<World>][] = [
  [
    "Azure Tables",
    async () => {
      const c = clock();
      const store = await openOpsStore({ storage: { kind: "connection-string", value: azurite().connectionString }, tablePrefix: `ops${++tables}x`, now: c.now });
      return { ...store, advance: c.advance };
    },
  ],
  [
    "in-memory fakes",
    () => {
      const c = clock();
      return Promise.resolve({ holds: new MemoryHoldStore(c.now), audit: new MemoryAuditLog(), timeline: new MemoryTimelineStore(), advance: c.advance });
    },
  ],
];

const alice: Actor = { id: "0f1e2d3c-oid-alice", name: "Alice", via: "principal" };
const bot: Actor = { id: "key:release-bot", name: "release-bot", via: "key:release-bot" };

describe.each(kinds)("ops stores on %s", (_name, open) => {
  it("appends timeline entries once per entry id and lists them in time order", async () => {
    const s = await open();
    const id = "promo-orders-sha256-abc";
    const at = (m: number) => new Date(Date.UTC(2026, 2, 1, 10, m)).toISOString();
    expect(await s.timeline.append({ promotionId: id, entryId: "dev/started", at: at(1), entry: { kind: "stage.started", stage: "dev" } })).toBe("appended");
    expect(await s.timeline.append({ promotionId: id, entryId: "start", at: at(0), entry: { kind: "promotion.started", pipeline: "orders", image: "orders-api:1.4.2", digest: "sha256:abc", by: "event", configOrigin: "inline" } })).toBe("appended");
    // An activity retry: same id, even with a different time, writes nothing.
    expect(await s.timeline.append({ promotionId: id, entryId: "dev/started", at: at(5), entry: { kind: "stage.started", stage: "dev" } })).toBe("duplicate");
    // Same time: kept in append order.
    s.advance(10);
    await s.timeline.append({ promotionId: id, entryId: "dev/commit", at: at(1), entry: { kind: "commit", stage: "dev", commit: "1a2b3c", changed: true, repository: "acme/gitops", changes: [{ file: "dev/values.yaml", where: "image.tag", from: "1.4.1", to: "1.4.2" }] } });
    await s.timeline.append({ promotionId: "promo-other-sha256-def", entryId: "start", at: at(0), entry: { kind: "stage.started", stage: "x" } });
    const entries = await s.timeline.list(id);
    expect(entries.map((e) => e.entryId)).toEqual(["start", "dev/started", "dev/commit"]);
    expect(entries[2]).toMatchObject({ promotionId: id, at: at(1), entry: { kind: "commit", changes: [{ to: "1.4.2" }] } });
    expect(await s.timeline.list("promo-none-sha256-0")).toEqual([]);
  });

  it("appends a step's entries together: in order, across promotions, and once each when retried", async () => {
    const s = await open();
    const at = new Date(Date.UTC(2026, 2, 1, 10, 0)).toISOString();
    const entry = (promotionId: string, n: number) => ({ promotionId, entryId: `dev/0/${n}`, at, entry: { kind: "stage.started" as const, stage: `s${n}` } });
    // 60 entries of one promotion (more than one transaction) and one of another, all at the same time.
    const many = Array.from({ length: 60 }, (_, n) => entry("promo-a-sha256-1", n));
    await s.timeline.appendAll([...many.slice(0, 30), entry("promo-b-sha256-2", 0), ...many.slice(30)]);
    expect((await s.timeline.list("promo-a-sha256-1")).map((e) => e.entryId)).toEqual(many.map((e) => e.entryId));
    expect((await s.timeline.list("promo-b-sha256-2")).map((e) => e.entryId)).toEqual(["dev/0/0"]);
    // A retried step: some entries are there already, the new ones are appended after them.
    s.advance(10);
    await s.timeline.appendAll([entry("promo-b-sha256-2", 0), entry("promo-b-sha256-2", 1), entry("promo-b-sha256-2", 1)]);
    expect((await s.timeline.list("promo-b-sha256-2")).map((e) => e.entryId)).toEqual(["dev/0/0", "dev/0/1"]);
  });

  it("sets, replaces and releases holds, keeping who and why in the history", async () => {
    const s = await open();
    const orders = { scope: "pipeline", pipeline: "orders" } as const;
    expect(await s.holds.activeHolds("orders")).toEqual([]);
    const first = await s.holds.set(orders, alice, "incident 4711");
    expect(first.replaced).toBeUndefined();
    expect(first.hold).toMatchObject({ scope: "pipeline", pipeline: "orders", by: "Alice <0f1e2d3c-oid-alice>", reason: "incident 4711", actor: alice });
    s.advance(60_000);
    await s.holds.set({ scope: "global" }, bot, "change freeze");
    expect((await s.holds.activeHolds("orders")).map((h) => h.scope)).toEqual(["global", "pipeline"]);
    expect((await s.holds.activeHolds("payments")).map((h) => h.reason)).toEqual(["change freeze"]);
    const again = await s.holds.set(orders, bot, "still investigating");
    expect(again.replaced?.reason).toBe("incident 4711");
    expect((await s.holds.listActive()).map((h) => h.reason)).toEqual(["change freeze", "still investigating"]);

    s.advance(60_000);
    const released = await s.holds.release(orders, alice, "fixed");
    expect(released?.reason).toBe("still investigating");
    expect(await s.holds.release(orders, alice, "again")).toBeUndefined();
    expect(await s.holds.active(orders)).toBeUndefined();
    expect((await s.holds.activeHolds("orders")).map((h) => h.scope)).toEqual(["global"]);
    const history = await s.holds.history(orders);
    expect(history.map((e) => [e.event, e.actor.name, e.reason])).toEqual([
      ["set", "Alice", "incident 4711"],
      ["set", "release-bot", "still investigating"],
      ["released", "Alice", "fixed"],
    ]);
    expect(await s.holds.history({ scope: "global" })).toHaveLength(1);
    // A released hold can be set again.
    await s.holds.set(orders, alice, "new incident");
    expect((await s.holds.active(orders))?.reason).toBe("new incident");
  });

  it("keeps audit records by target and by time", async () => {
    const s = await open();
    const record = (id: string, at: string, target: AuditRecord["target"]): AuditRecord => ({
      id,
      at,
      actor: alice,
      action: "promotion.pause",
      target,
      reason: "looks wrong",
      outcome: "accepted",
    });
    const promo = { kind: "promotion", promotionId: "promo-orders-sha256-abc" } as const;
    await s.audit.record(record("a", "2026-03-01T23:59:59.000Z", promo));
    await s.audit.record(record("b", "2026-03-02T00:00:01.000Z", { kind: "global" }));
    await s.audit.record(record("c", "2026-03-02T08:00:00.000Z", promo));
    await s.audit.record(record("c", "2026-03-02T08:00:00.000Z", promo)); // a retried write
    expect((await s.audit.forTarget(promo)).map((r) => r.id)).toEqual(["a", "c"]);
    expect((await s.audit.forTarget({ kind: "pipeline", pipeline: "orders" }))).toEqual([]);
    expect((await s.audit.between(new Date("2026-03-01T12:00:00Z"), new Date("2026-03-02T08:00:00Z"))).map((r) => r.id)).toEqual(["a", "b"]);
    expect((await s.audit.between(new Date("2026-03-01T00:00:00Z"), new Date("2026-03-03T00:00:00Z"))).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect((await s.audit.forTarget(promo))[0]).toEqual(record("a", "2026-03-01T23:59:59.000Z", promo));
  });
});
