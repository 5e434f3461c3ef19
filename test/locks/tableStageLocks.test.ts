// The stage lock on Azure Tables (Azurite): who wins, who queues, who is superseded, across two
// store instances standing for two hosts; and how many storage round trips the happy path costs
// (issue 13: take, mark and release are one request each when nobody else touched the lock).
import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { TableStageLockStore } from "../../shared/locks/tableStageLocks.js";
import { useAzurite } from "../support/azurite.js";
import { countedTable } from "../support/countedTable.js";

const azurite = useAzurite();
let tables = 0;

/** A fresh table; `hosts` lock stores on it (one per simulated host), each counting its requests. */
async function lockStores(hosts: number) {
  const name = `locks${++tables}x${Date.now() % 100000}`;
  const admin = TableClient.fromConnectionString(azurite().connectionString, name, { allowInsecureConnection: true });
  await admin.createTable();
  return Array.from({ length: hosts }, () => {
    const { client, requests } = countedTable(azurite().connectionString, name);
    return { locks: new TableStageLockStore(client), requests, admin };
  });
}

const older = { promotionId: "promo-a", publishedAt: "2026-03-01T10:00:00Z" };
const newer = { promotionId: "promo-b", publishedAt: "2026-03-01T11:00:00Z" };
const KEY = "orders-api/dev";

describe("stage locks on Azure Tables", () => {
  it("takes, marks and releases a free lock with one storage request each", async () => {
    const [host] = await lockStores(1);
    if (!host) throw new Error("no host");
    expect(await host.locks.acquire(KEY, older, true)).toEqual({ acquired: true });
    expect(host.requests).toEqual(["POST 204"]);
    expect(await host.locks.markCommitted(KEY, older.promotionId)).toEqual({ held: true });
    expect(host.requests.slice(1)).toEqual(["PUT 204"]);
    expect(await host.locks.release(KEY, older.promotionId)).toEqual([]);
    expect(host.requests.slice(2)).toEqual(["DELETE 204"]);
    // Gone for real: the next claimant takes it with one insert again.
    expect(await host.locks.acquire(KEY, newer, true)).toEqual({ acquired: true });
    expect(host.requests).toHaveLength(4);
  });

  it("takes a lock already marked committed in one request, so a newer image queues instead of superseding it", async () => {
    const [a, b] = await lockStores(2);
    if (!a || !b) throw new Error("no hosts");
    expect(await a.locks.acquire(KEY, older, true, { committed: true })).toEqual({ acquired: true, marked: true });
    expect(a.requests).toEqual(["POST 204"]);
    expect(await b.locks.acquire(KEY, newer, true)).toMatchObject({ acquired: false, holder: { promotionId: "promo-a", committed: true } });
    // Ours already (a retried step): acquired, but not said to be marked by this call.
    expect(await a.locks.acquire(KEY, older, true, { committed: true })).toEqual({ acquired: true });
    expect(await a.locks.release(KEY, older.promotionId)).toEqual(["promo-b"]);
  });

  it("queues a claimant behind the holder and hands the waiters to the release", async () => {
    const [a, b] = await lockStores(2);
    if (!a || !b) throw new Error("no hosts");
    await a.locks.acquire(KEY, older, false);
    expect(await b.locks.acquire(KEY, newer, false)).toMatchObject({ acquired: false, holder: { promotionId: "promo-a", waiters: ["promo-b"] } });
    // Host a's memory of the row is stale (b added a waiter): its conditional write fails and it
    // reads again, so the mark still lands and the release still names the waiter.
    a.requests.length = 0;
    expect(await a.locks.markCommitted(KEY, older.promotionId)).toEqual({ held: true });
    expect(a.requests).toEqual(["PUT 412", "GET 200", "PUT 204"]);
    expect(await a.locks.release(KEY, older.promotionId)).toEqual(["promo-b"]);
    expect(await b.locks.acquire(KEY, newer, false)).toEqual({ acquired: true });
  });

  it("lets a newer image supersede an uncommitted holder on another host, and the old holder then holds nothing", async () => {
    const [a, b] = await lockStores(2);
    if (!a || !b) throw new Error("no hosts");
    await a.locks.acquire(KEY, older, true);
    expect(await b.locks.acquire(KEY, newer, true)).toMatchObject({ acquired: true, superseded: { promotionId: "promo-a", committed: false } });
    expect(await a.locks.markCommitted(KEY, older.promotionId)).toEqual({ held: false, holder: "promo-b" });
    expect(await a.locks.release(KEY, older.promotionId)).toEqual([]);
    const rows: string[] = [];
    for await (const row of a.admin.listEntities<{ promotionId: string }>()) rows.push(row.promotionId);
    expect(rows).toEqual(["promo-b"]);
    expect(await b.locks.markCommitted(KEY, newer.promotionId)).toEqual({ held: true });
  });

  it("never supersedes a holder that marked its commit, even from another host", async () => {
    const [a, b] = await lockStores(2);
    if (!a || !b) throw new Error("no hosts");
    await a.locks.acquire(KEY, older, true);
    await a.locks.markCommitted(KEY, older.promotionId);
    expect(await b.locks.acquire(KEY, newer, true)).toMatchObject({ acquired: false, holder: { promotionId: "promo-a", committed: true } });
    expect(await b.locks.release(KEY, newer.promotionId)).toEqual([]);
    expect(await a.locks.release(KEY, older.promotionId)).toEqual(["promo-b"]);
  });

  it("a lock released on another host is free for a host that remembers holding it", async () => {
    const [a, b] = await lockStores(2);
    if (!a || !b) throw new Error("no hosts");
    await a.locks.acquire(KEY, older, true);
    await b.locks.release(KEY, older.promotionId); // the same promotion's activity ran on host b
    expect(await a.locks.markCommitted(KEY, older.promotionId)).toEqual({ held: false });
    expect(await a.locks.release(KEY, older.promotionId)).toEqual([]);
    expect(await a.locks.acquire(KEY, newer, true)).toEqual({ acquired: true });
  });

  it("lets exactly one of many racing claimants on several hosts take a free lock", async () => {
    const hosts = await lockStores(4);
    const claimants = Array.from({ length: 8 }, (_, i) => ({ promotionId: `promo-${i}`, publishedAt: "2026-03-01T10:00:00Z" }));
    const hostOf = (i: number) => {
      const host = hosts[i % hosts.length];
      if (!host) throw new Error("no host");
      return host;
    };
    const results = await Promise.all(claimants.map((c, i) => hostOf(i).locks.acquire(KEY, c, false)));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const winner = claimants[results.findIndex((r) => r.acquired)];
    const waiters = await hostOf(0).locks.release(KEY, winner?.promotionId ?? "");
    expect([...waiters].sort()).toEqual(claimants.filter((c) => c !== winner).map((c) => c.promotionId).sort());
  });
});
