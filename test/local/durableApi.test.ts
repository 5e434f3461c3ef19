// The Durable extension HTTP API as the local host serves it: status codes (protocols.md 6.1),
// query by status and time with continuation-token paging, and purge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir } from "./contractApp.js";

let host: TestHost;
const api = "/runtime/webhooks/durabletask";
beforeAll(async () => {
  host = await startTestHost({ appDir: contractAppDir });
});
afterAll(async () => {
  await host.dispose();
});

describe("status codes", () => {
  it("starts with 202, a management payload, Location and Retry-After", async () => {
    const res = await host.fetch(`${api}/orchestrators/sequence/codes-1`, { method: "POST", body: '["A"]' });
    expect(res.status).toBe(202);
    expect(res.headers.get("retry-after")).toBe("10");
    const payload = (await res.json()) as Record<string, string>;
    expect(payload.id).toBe("codes-1");
    expect(res.headers.get("location")).toBe(payload.statusQueryGetUri);
    for (const key of ["sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "purgeHistoryDeleteUri", "rewindPostUri"]) {
      expect(payload[key]).toContain("/instances/codes-1");
    }
  });

  it("answers 202 while running and 200 once completed", async () => {
    const id = await host.startOrchestration("waiter", undefined, "codes-2");
    await host.settle();
    const running = await host.fetch(`${api}/instances/${id}`);
    expect(running.status).toBe(202);
    expect(running.headers.get("location")).toContain(`/instances/${id}`);
    await host.raiseEvent(id, "go", "x");
    await host.settle();
    expect((await host.fetch(`${api}/instances/${id}`)).status).toBe(200);
  });

  it("reports a failed instance with 200, or 500 when asked to", async () => {
    const id = await host.startOrchestration("throws", undefined, "codes-3");
    await host.settle();
    expect((await host.fetch(`${api}/instances/${id}`)).status).toBe(200);
    expect((await host.fetch(`${api}/instances/${id}?returnInternalServerErrorOnFailure=true`)).status).toBe(500);
  });

  it("refuses what the extension refuses", async () => {
    expect((await host.fetch(`${api}/orchestrators/noSuchOrchestrator`, { method: "POST" })).status).toBe(400);
    expect((await host.fetch(`${api}/orchestrators/hello`, { method: "POST" })).status).toBe(400); // an activity
    expect((await host.fetch(`${api}/orchestrators/sequence`, { method: "POST", body: "{bad" })).status).toBe(400);
    const id = await host.startOrchestration("waiter", undefined, "codes-4");
    expect((await host.fetch(`${api}/orchestrators/waiter/${id}`, { method: "POST" })).status).toBe(409);
    expect((await host.fetch(`${api}/instances/${id}/raiseEvent/go`, { method: "POST", body: "{bad" })).status).toBe(400);
    expect((await host.fetch(`${api}/instances/unknown-id`)).status).toBe(404);
    expect((await host.fetch(`${api}/instances/unknown-id/raiseEvent/go`, { method: "POST", body: "1" })).status).toBe(404);
    expect((await host.fetch(`${api}/instances/unknown-id/terminate`, { method: "POST" })).status).toBe(404);
    expect((await host.fetch(`${api}/instances/${id}/rewind`, { method: "POST" })).status).toBe(412); // only Failed instances rewind
  });

  it("replaces a finished instance when started again with the same id", async () => {
    await host.startOrchestration("sequence", ["one"], "codes-5");
    await host.expectStatus("codes-5", "Completed");
    await host.startOrchestration("sequence", ["two"], "codes-5");
    const s = await host.expectStatus("codes-5", "Completed");
    expect(s.output).toEqual(["Hello two"]);
  });

  it("shows history on request", async () => {
    await host.settle();
    const res = await host.fetch(`${api}/instances/codes-1?showHistory=true&showHistoryOutput=true`);
    const body = (await res.json()) as { historyEvents: { EventType: string; Name?: string; Result?: unknown }[] };
    expect(body.historyEvents.map((e) => e.EventType)).toContain("TaskCompleted");
    expect(body.historyEvents.find((e) => e.EventType === "TaskCompleted")?.Result).toBe("Hello A");
  });
});

describe("query and purge", () => {
  it("filters by status and creation time and pages with continuation tokens", async () => {
    const from = new Date(host.clock.now()).toISOString();
    await host.advance(60_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await host.startOrchestration("sequence", [`q${i}`], `query-${i}`));
      await host.advance(1000);
    }
    await host.startOrchestration("waiter", undefined, "query-running");
    await host.settle();
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res: Response = await host.fetch(`${api}/instances?runtimeStatus=Completed&top=2&createdTimeFrom=${new Date(Date.parse(from) + 1).toISOString()}`, {
        headers: token ? { "x-ms-continuation-token": token } : {},
      });
      expect(res.status).toBe(200);
      seen.push(...((await res.json()) as { instanceId: string }[]).map((s) => s.instanceId));
      token = res.headers.get("x-ms-continuation-token");
      pages++;
    } while (token);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const running = (await (await host.fetch(`${api}/instances?runtimeStatus=Running,Pending`)).json()) as { instanceId: string }[];
    expect(running.map((s) => s.instanceId)).toContain("query-running");
    expect((await host.fetch(`${api}/instances?runtimeStatus=Sleeping`)).status).toBe(400);
  });

  it("works through the library's getStatusBy, which follows the tokens itself", async () => {
    const res = await host.fetch("/api/instances?status=Running");
    const list = (await res.json()) as { instanceId: string; runtimeStatus: string }[];
    expect(list.every((s) => s.runtimeStatus === "Running")).toBe(true);
    expect(list.map((s) => s.instanceId)).toContain("query-running");
  });

  it("purges one instance, then reports it gone", async () => {
    expect((await host.fetch(`${api}/instances/query-0`, { method: "DELETE" })).status).toBe(200);
    expect((await host.fetch(`${api}/instances/query-0`)).status).toBe(404);
    const again = await host.fetch(`${api}/instances/query-0`, { method: "DELETE" });
    expect(again.status).toBe(404);
  });

  it("purges by filter", async () => {
    const res = await host.fetch(`${api}/instances?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Failed`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { instancesDeleted: number }).instancesDeleted).toBeGreaterThan(0);
    expect((await host.fetch(`${api}/instances/codes-3`)).status).toBe(404);
  });
});

describe("restart", () => {
  it("keeps instances, timers and queued events across a host restart", async () => {
    const id = await host.startOrchestration("timerVsEvent", { timeoutMs: 600_000 }, "restart-1");
    await host.settle();
    host = await host.restart();
    await host.expectStatus(id, "Running");
    await host.advance(600_000);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual({ outcome: "timeout", after: "Hello timed out" });
  });
});
