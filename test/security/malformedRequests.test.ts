// Issue 10 point 9: the local host answers 4xx, never 500, to a request target that is not a URL
// path (`GET //[`), to Durable API paths with broken percent-escapes, and to an Event Grid event
// nested 50,000 levels deep. Raw HTTP, because fetch would normalise these requests away.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir } from "../local/contractApp.js";

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ appDir: contractAppDir });
});
afterAll(async () => {
  await host?.dispose();
});

/** One request exactly as written (target, method, headers, body). */
function send(method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: host.port, method, path: target, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const key = () => ({ "x-functions-key": host.keys.master });

describe("malformed requests", () => {
  it("answers 4xx to targets that are not paths", async () => {
    for (const target of ["//[", "//[::1", "//[/x", "/%", "/api/%E0%A4%A"]) {
      const status = await send("GET", target);
      expect([target, status >= 400 && status < 500]).toEqual([target, true]);
    }
  });

  it("answers 400 to Durable API paths with broken percent-escapes", async () => {
    const targets = ["/runtime/webhooks/durabletask/instances/%E0%A4%A", "/runtime/webhooks/durabletask/instances/%", "/runtime/webhooks/durabletask/orchestrators/%ZZ", "/runtime/webhooks/durabletask/instances/a/raiseEvent/%C3"];
    for (const target of targets) {
      const post = target.includes("orchestrators") || target.includes("raiseEvent");
      const status = post ? await send("POST", target, { ...key(), "content-type": "application/json" }, "{}") : await send("GET", target, key());
      expect([target, status]).toEqual([target, 400]);
    }
  });

  it("refuses deeply nested JSON on the Event Grid webhook and the Durable API with 400", async () => {
    const deep = `[${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}]`;
    const headers = { ...key(), "content-type": "application/json", "aeg-event-type": "Notification" };
    expect(await send("POST", "/runtime/webhooks/eventgrid?functionName=eventGridSink", headers, deep)).toBe(400);
    expect(await send("POST", "/runtime/webhooks/durabletask/orchestrators/sequence/deep-1", headers, deep)).toBe(400);
    const id = await host.startOrchestration("waiter", undefined, "deep-2");
    await host.settle();
    expect(await send("POST", `/runtime/webhooks/durabletask/instances/${id}/raiseEvent/go`, headers, deep)).toBe(400);
    await host.settle();
    expect((await host.status(id)).runtimeStatus).toBe("Running");
    expect(host.logs.filter((l) => l.message.includes("Unhandled host error"))).toEqual([]);
  });
});
