// Contract tests: the local runtime against the REAL durable-functions replay. Each scenario is
// one the library's task-id bookkeeping is sensitive to (durable-host.md section 5).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir, sideEffects } from "./contractApp.js";

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ appDir: contractAppDir });
});
afterAll(async () => {
  await host.dispose();
});

const DAY = 86_400_000;

function events(id: string, type: number) {
  return host.history(id).filter((e) => e.EventType === type);
}

describe("activities", () => {
  it("runs activities in sequence and returns their results", async () => {
    const id = await host.startOrchestration("sequence", ["A", "B", "C"]);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual(["Hello A", "Hello B", "Hello C"]);
    expect(events(id, EventType.TaskScheduled).map((e) => e.EventId)).toEqual([0, 1, 2]);
  });

  it("passes inputs of every JSON type through unchanged, strings included", async () => {
    const id = await host.startOrchestration("inputs");
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual([
      { input: "a string", type: "string" },
      { input: "42", type: "string" },
      { input: 42, type: "number" },
      { input: { nested: [1, 2] }, type: "object" },
    ]);
  });

  it("fans out with Task.all", async () => {
    const id = await host.startOrchestration("fanOut");
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual(["Hello 1", "Hello 2", "Hello 3", "Hello 4", "Hello 5"]);
  });
});

describe("retries", () => {
  it("exhausts retries: a timer after every failed attempt, including the last, then the failure", async () => {
    const id = await host.startOrchestration("retryExhaust");
    await host.settle();
    const start = host.clock.now();
    await host.advanceThroughTimers(60_000);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toMatch(/^caught: Activity function 'fail' failed: fail called with "x"/);
    const scheduled = events(id, EventType.TaskScheduled);
    const timers = events(id, EventType.TimerCreated);
    expect(scheduled.map((e) => e.EventId)).toEqual([0, 2, 4]);
    expect(timers.map((e) => e.EventId)).toEqual([1, 3, 5]);
    // DTFx RetryInterceptor: first interval * backoff^attempt, measured from each failure.
    expect(timers.map((e) => Date.parse(e.FireAt ?? "") - start)).toEqual([1000, 2000, 3000]);
    expect(sideEffects().filter((e) => e.activity === "fail")).toHaveLength(3);
  });

  it("retries with exponential backoff until the activity succeeds, then continues", async () => {
    const id = await host.startOrchestration("retrySucceeds", { key: "backoff", failures: 2 });
    await host.settle();
    const start = host.clock.now();
    await host.advanceThroughTimers(60_000);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual(["ok after 3", "Hello after retry"]);
    const timers = events(id, EventType.TimerCreated);
    expect(timers.map((e) => Date.parse(e.FireAt ?? "") - start)).toEqual([5000, 5000 + 10000]);
    expect(events(id, EventType.TaskScheduled).map((e) => [e.EventId, e.Name])).toEqual([
      [0, "flaky"],
      [2, "flaky"],
      [4, "flaky"],
      [5, "hello"],
    ]);
  });
});

describe("timers and external events", () => {
  it("lets an event win the race against a deadline timer", async () => {
    const id = await host.startOrchestration("timerVsEvent", { timeoutMs: 3_600_000 });
    await host.expectStatus(id, "Running");
    expect(await host.raiseEvent(id, "approve", { who: "ada" })).toBe(202);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual({ outcome: "approved", by: { who: "ada" }, after: "Hello approved" });
  });

  it("lets the deadline win when no event comes, and refuses events afterwards with 410", async () => {
    const id = await host.startOrchestration("timerVsEvent", { timeoutMs: 3_600_000 });
    await host.advance(3_599_000);
    await host.expectStatus(id, "Running");
    await host.advance(1_000);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual({ outcome: "timeout", after: "Hello timed out" });
    expect(await host.raiseEvent(id, "approve", {})).toBe(410);
  });

  it("buffers events that arrive before the orchestrator waits for them, in order", async () => {
    const id = await host.startOrchestration("eventBeforeWait");
    expect(await host.raiseEvent(id, "go", 1)).toBe(202);
    expect(await host.raiseEvent(id, "go", 2)).toBe(202);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual({ greeting: "Hello first", events: [1, 2] });
  });

  it("splits a ten-day timer into pieces the storage provider accepts, and fires it on time", async () => {
    const id = await host.startOrchestration("longTimer", { days: 10 });
    await host.settle();
    const start = host.clock.now();
    await host.advanceThroughTimers(10 * DAY - 1);
    await host.expectStatus(id, "Running");
    await host.advanceThroughTimers(DAY);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toBe("woke");
    const fireAts = events(id, EventType.TimerCreated).map((e) => (Date.parse(e.FireAt ?? "") - start) / DAY);
    expect(fireAts).toEqual([3, 6, 10]);
  });
});

describe("sub-orchestrations", () => {
  it("returns child results, propagates child failures, and retries a failing child", async () => {
    const id = await host.startOrchestration("parent", { flakyKey: "child-retry" });
    await host.advanceThroughTimers(60_000);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toEqual({
      ok: "Hello kid",
      failure: "Orchestrator function 'child' failed: child refused rebel ",
      retried: "ok after 3",
    });
    expect((await host.status(`${id}-kid`)).runtimeStatus).toBe("Completed");
    expect(events(id, EventType.SubOrchestrationInstanceCreated).map((e) => e.Name)).toEqual([
      "child",
      "child",
      "flakyChild",
      "flakyChild",
      "flakyChild",
    ]);
  });
});

describe("lifecycle", () => {
  it("keeps a suspended instance still, delivering its events only after resume", async () => {
    const id = await host.startOrchestration("waiter");
    await host.expectStatus(id, "Running");
    const durable = `/runtime/webhooks/durabletask/instances/${id}`;
    expect((await host.fetch(`${durable}/suspend?reason=maintenance`, { method: "POST" })).status).toBe(202);
    await host.expectStatus(id, "Suspended");
    expect(await host.raiseEvent(id, "go", "later")).toBe(202);
    const suspended = await host.expectStatus(id, "Suspended");
    expect(suspended.customStatus).toBe("waiting for go");
    expect((await host.fetch(`${durable}/resume?reason=done`, { method: "POST" })).status).toBe(202);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toBe("Hello later");
    expect(s.customStatus).toBe("done");
    const kinds = host.history(id).map((e) => e.EventType);
    expect(kinds).toContain(EventType.ExecutionSuspended);
    expect(kinds).toContain(EventType.ExecutionResumed);
  });

  it("terminates an instance, which then refuses events and control with 410", async () => {
    const id = await host.startOrchestration("waiter");
    await host.expectStatus(id, "Running");
    const durable = `/runtime/webhooks/durabletask/instances/${id}`;
    expect((await host.fetch(`${durable}/terminate?reason=operator`, { method: "POST" })).status).toBe(202);
    const s = await host.expectStatus(id, "Terminated");
    expect(s.output).toBe("operator");
    expect(await host.raiseEvent(id, "go", 1)).toBe(410);
    expect((await host.fetch(`${durable}/suspend`, { method: "POST" })).status).toBe(410);
  });

  it("continues as new with a fresh history and the new input", async () => {
    const id = await host.startOrchestration("counter", 1);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toBe("counted to 3");
    expect(s.input).toBe(3);
    expect(s.customStatus).toEqual({ n: 3 });
    // Only the last execution's history remains.
    expect(events(id, EventType.ExecutionStarted)).toHaveLength(1);
    expect(events(id, EventType.TaskScheduled)).toHaveLength(1);
  });

  it("fails an orchestrator that throws, with its message", async () => {
    const id = await host.startOrchestration("throws");
    const s = await host.expectStatus(id, "Failed");
    expect(s.output).toBe("Orchestrator function 'throws' failed: orchestrator exploded");
  });

  it("fails loudly when replay contradicts history (non-deterministic orchestrator)", async () => {
    const flags = globalThis as unknown as { __contractFlip?: boolean };
    flags.__contractFlip = false;
    const id = await host.startOrchestration("nondeterministic");
    await host.expectStatus(id, "Running");
    flags.__contractFlip = true;
    try {
      await host.raiseEvent(id, "go", 1);
      const s = await host.expectStatus(id, "Failed");
      expect(String(s.output)).toMatch(/Non-deterministic workflow detected: .*activity task named 'hello' with sequence ID 0.*'echoInput'/);
    } finally {
      flags.__contractFlip = false;
    }
  });
});
