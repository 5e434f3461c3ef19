// Issue 11 section 5: where a Durable Functions app behaves differently on Azure, the local host
// does as Azure does or fails at once saying why: purge of a running instance, suspend of a
// suspended / resume of a running instance, rewind's error text, host.json functionTimeout for
// activities, restartPostUri, and entities. Driven through the app's own durable client and the
// Durable HTTP API, as on Azure.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";

const appDir = fileURLToPath(new URL("./apps/parity", import.meta.url));
const api = "/runtime/webhooks/durabletask";
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost({ appDir });
});
afterAll(async () => {
  await host?.dispose();
});

/** What the app's durable client returned or threw. */
async function client(op: string, id: string): Promise<{ ok: boolean; error?: string; result?: unknown; restartPostUri?: string | null }> {
  const res = await host.fetch(`/api/client/${op}/${encodeURIComponent(id)}`, { method: "POST" });
  expect(res.status).toBe(200);
  return (await res.json()) as { ok: boolean; error?: string };
}

describe("purge", () => {
  it("refuses a running instance (412, as the extension) and keeps it", async () => {
    const id = await host.startOrchestration("waiter", undefined, "purge-running");
    await host.settle();
    const res = await host.fetch(`${api}/instances/${id}`, { method: "DELETE" });
    expect(res.status).toBe(412);
    expect(await res.json()).toMatch(/Only orchestrations in a terminal state can be purged.*has status Running/);
    expect((await client("purge", id)).error).toMatch(/412/);
    expect((await host.status(id)).runtimeStatus).toBe("Running");
    // Purge by filter leaves running instances alone too.
    await host.fetch(`${api}/instances?createdTimeFrom=2000-01-01T00:00:00Z`, { method: "DELETE" });
    expect((await host.status(id)).runtimeStatus).toBe("Running");
    await host.raiseEvent(id, "go", "x");
    await host.expectStatus(id, "Completed");
    expect((await client("purge", id)).result).toEqual({ instancesDeleted: 1 });
  });
});

describe("suspend and resume", () => {
  it("refuses to suspend a suspended instance and to resume a running one, with the extension's message", async () => {
    const id = await host.startOrchestration("waiter", undefined, "suspend-twice");
    await host.settle();
    expect((await client("resume", id)).error).toMatch(/status code: 500.*Cannot resume the orchestration instance suspend-twice because instance is in the Running state/);
    expect((await client("suspend", id)).ok).toBe(true);
    // Refused even before the first suspend was applied.
    expect((await client("suspend", id)).error).toMatch(/Cannot suspend the orchestration instance suspend-twice because instance is in the Suspended state/);
    await host.settle();
    expect((await host.status(id)).runtimeStatus).toBe("Suspended");
    expect((await client("suspend", id)).error).toMatch(/Suspended state/);
    expect((await client("resume", id)).ok).toBe(true);
    await host.settle();
    expect((await host.status(id)).runtimeStatus).toBe("Running");
  });
});

describe("rewind", () => {
  it("reaches the client as a clear message, not [object Object]", async () => {
    const failed = await host.startOrchestration("throws", undefined, "rewind-failed");
    await host.expectStatus(failed, "Failed");
    const notSupported = await client("rewind", failed);
    expect(notSupported.error).toMatch(/Rewind is not supported by the local host/);
    const running = await host.startOrchestration("waiter", undefined, "rewind-running");
    await host.settle();
    expect((await client("rewind", running)).error).toMatch(/has status Running, but only orchestrations in the "Failed" state can be rewound/);
    expect((await client("rewind", "no-such-instance")).error).toMatch(/No orchestration with instance ID "no-such-instance" found/);
  });
});

describe("functionTimeout", () => {
  it("fails an activity that outlives host.json functionTimeout with the host's timeout error", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    (globalThis as { __parityHangStarted?: () => void }).__parityHangStarted = () => started();
    const id = await host.startOrchestration("callsHang", undefined, "timeout-1");
    await running;
    host.clock.advance(4_999);
    host.clock.advance(2);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toMatch(/^caught: Activity function 'hangs' failed: Timeout value of 00:00:05 was exceeded by function: Functions\.hangs/);
  });
});

describe("restart", () => {
  it("serves the restartPostUri it advertises", async () => {
    const id = await host.startOrchestration("echo", { n: 1 }, "restart-1");
    await host.expectStatus(id, "Completed");
    const uri = (await client("restart", id)).restartPostUri;
    expect(uri).toContain(`/instances/${id}/restart`);
    const target = new URL(uri ?? "");
    const again = await fetch(target, { method: "POST" });
    expect(again.status).toBe(202);
    const payload = (await again.json()) as { id: string };
    expect(payload.id).not.toBe(id);
    expect((await host.expectStatus(payload.id, "Completed")).output).toEqual({ n: 1 });
    // Same id: allowed once the instance has finished, refused (409) while it runs.
    const same = await fetch(`${target.origin}${target.pathname}?restartWithNewInstanceId=false&${target.searchParams.toString()}`, { method: "POST" });
    expect(same.status).toBe(202);
    await host.expectStatus(id, "Completed");
    const waiting = await host.startOrchestration("waiter", undefined, "restart-running");
    await host.settle();
    expect((await host.fetch(`${api}/instances/${waiting}/restart?restartWithNewInstanceId=false`, { method: "POST" })).status).toBe(409);
  });
});

describe("entities", () => {
  it("fail at once, saying the local host does not support them", async () => {
    expect((await client("signalEntity", "k")).error).toMatch(/Durable entities are not supported by the local host/);
    expect((await client("readEntity", "k")).error).toMatch(/Durable entities are not supported by the local host/);
    const id = await host.startOrchestration("callsEntity", undefined, "entity-1");
    const s = await host.expectStatus(id, "Failed");
    expect(JSON.stringify(s.output)).toMatch(/Durable entities are not supported by the local host/);
  });
});
