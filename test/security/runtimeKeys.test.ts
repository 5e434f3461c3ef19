// Issue 10 point 5: the local host's /runtime/* endpoints (Durable HTTP API, Event Grid webhook)
// need the host's key, as on Azure, checked before anything else; votes and ops commands only flow
// through the audited doors. Every attack goes over real HTTP to the running host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import { loadHostKeys } from "../../local/keys/hostKeys.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { ORCHESTRATOR } from "../../shared/durable/names.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { useAzurite } from "../support/azurite.js";
import { PIPELINES, SECRETS } from "../ingest/world.js";

const azurite = useAzurite();
let host: TestHost;
const durable = "/runtime/webhooks/durabletask";
const eventGrid = "/runtime/webhooks/eventgrid?functionName=acrImagePushed";
const raw = (path: string, init?: RequestInit) => fetch(`${host.origin}${path}`, init);
const json = { "content-type": "application/json" };

beforeAll(async () => {
  Object.assign(process.env, {
    ...SECRETS,
    AzureWebJobsStorage: azurite().connectionString,
    BATON_PIPELINES: JSON.stringify({ pipelines: PIPELINES }),
    BATON_TABLE_PREFIX: "seckeys",
  });
  host = await startTestHost({ appDir: ".", entry: ["functions/acrEventgridTrigger.ts", "test/fixtures/ops/app.ts"] });
});
afterAll(async () => {
  await host?.dispose();
});

async function runningPromotion(id: string): Promise<string> {
  const image = { registry: "myacr.azurecr.io", repository: "orders-api", tag: "awaiting-approval-1", digest: `sha256:${"a".repeat(64)}` };
  return host.startOrchestration(ORCHESTRATOR.promotion, { pipeline: "orders", image }, id);
}

describe("the host's keys", () => {
  it("are generated once, kept in the data directory, owner-readable only, and not printed at start", async () => {
    const kept = loadHostKeys(host.dataDir);
    expect(kept.master).toBe(host.keys.master);
    const { statSync } = await import("node:fs");
    expect(statSync(kept.file).mode & 0o077).toBe(0);
    // The banner says where the keys are; it prints them only with --show-keys (test/local/keysBanner.test.ts).
    expect(host.logs.some((l) => l.message.includes(host.keys.system.durabletask_extension) || l.message.includes(host.keys.master))).toBe(false);
    host = await host.restart();
    expect(host.keys.master).toBe(kept.master);
    expect(host.keys.system).toEqual(kept.system);
  });
});

describe("Durable HTTP API without a key", () => {
  it("refuses to raise an approval vote (401) and nothing reaches the instance", async () => {
    const id = await runningPromotion("sec-keys-vote");
    await host.settle();
    const vote = JSON.stringify({ decision: "approve", voterId: "00000000-0000-0000-0000-00000000a11e", voterName: "ada@example.com", reason: "x" });
    const paths = [`${durable}/instances/${id}/raiseEvent/approval.vote`, `${durable}/instances/${id}/raiseEvent/approval.vote?code=wrong-key`];
    for (const path of paths) expect((await raw(path, { method: "POST", headers: json, body: vote })).status).toBe(401);
    // Another extension's system key is not this one's.
    const foreign = await raw(paths[0] ?? "", { method: "POST", headers: { ...json, "x-functions-key": host.keys.system.eventgrid_extension }, body: vote });
    expect(foreign.status).toBe(401);
    await host.settle();
    expect(host.history(id).filter((e) => e.EventType === EventType.EventRaised)).toEqual([]);
  });

  it("refuses list, status, terminate, suspend, purge and start, and changes nothing", async () => {
    const id = await runningPromotion("sec-keys-ops");
    await host.settle();
    const attempts: [string, string][] = [
      ["GET", `${durable}/instances`],
      ["GET", `${durable}/instances/${id}`],
      ["POST", `${durable}/instances/${id}/terminate?reason=x`],
      ["POST", `${durable}/instances/${id}/suspend?reason=x`],
      ["DELETE", `${durable}/instances/${id}`],
      ["DELETE", `${durable}/instances?createdTimeFrom=2000-01-01T00:00:00Z`],
      ["POST", `${durable}/orchestrators/${ORCHESTRATOR.promotion}/sec-keys-new`],
      ["GET", "/RUNTIME/webhooks/durabletask/instances"],
      ["GET", "/runtime/anything-else"],
    ];
    for (const [method, path] of attempts) expect([method, path, (await raw(path, { method, headers: json, body: method === "POST" ? "{}" : null })).status]).toEqual([method, path, 401]);
    await host.settle();
    expect((await host.status(id)).runtimeStatus).toBe("Running");
    await expect(host.status("sec-keys-new")).rejects.toThrow(/No instance/);
  });

  it("works with the master key or the durable extension's key, as header or ?code=", async () => {
    const id = await runningPromotion("sec-keys-ok");
    expect((await raw(`${durable}/instances/${id}`, { headers: { "x-functions-key": host.keys.master } })).status).toBe(202);
    expect((await raw(`${durable}/instances/${id}?code=${encodeURIComponent(host.keys.system.durabletask_extension)}`)).status).toBe(202);
  });
});

describe("Event Grid webhook", () => {
  const body = fixtureText("acrImagePushed.eventgrid.json").replace(/sha256:213bbc[0-9a-f]+/, `sha256:${"e".repeat(64)}`);

  it("refuses deliveries without the key, and what a web page can post even with one", async () => {
    const before = await instanceCount();
    expect((await raw(eventGrid, { method: "POST", headers: { ...json, "aeg-event-type": "Notification" }, body })).status).toBe(401);
    // A cross-site form post: text/plain or form content types are never deliveries.
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const res = await raw(`${eventGrid}&code=${encodeURIComponent(host.keys.system.eventgrid_extension)}`, { method: "POST", headers: { "content-type": type }, body });
      expect(res.status).toBe(415);
    }
    await host.settle();
    expect(await instanceCount()).toBe(before);
  });

  it("accepts Event Grid with the eventgrid extension key", async () => {
    const res = await raw(eventGrid, { method: "POST", headers: { ...json, "aeg-event-type": "Notification", "x-functions-key": host.keys.system.eventgrid_extension }, body });
    expect(res.status).toBe(202);
  });
});

async function instanceCount(): Promise<number> {
  const res = await host.fetch(`${durable}/instances?top=1000`);
  return ((await res.json()) as unknown[]).length;
}
