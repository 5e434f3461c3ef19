// The orchestration inbox through the real runtime (the real durable-functions replay on the
// local host, virtual clock): an event raised to a busy orchestration is never lost, and events
// of one name are consumed in arrival order, whatever the orchestration is doing when they
// arrive: an activity in flight, a timer, a wait for other events, two in a row, a restart.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { EVENT_NAMES, type EventName } from "../../shared/durable/events.js";
import type { Consumed, InboxProbeInput, Step } from "./inboxApp.js";
import { heldActivities } from "./inboxHeld.js";

const held = heldActivities();

let host: TestHost;
beforeAll(async () => {
  // Held activities stay in flight while virtual time passes: no functionTimeout here.
  host = await startTestHost({ appDir: ".", entry: ["test/orchestrations/inboxApp.ts"], functionTimeoutMs: null });
});
afterAll(async () => {
  while (held.release());
  await host.dispose();
});

/**
 * Lets the host finish what it can while activities stay held in flight (the harness's settle
 * would wait for them): nothing due, and every activity that started is one the test holds.
 */
async function quiesce(): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const store = host.engine.store;
    if (store.dueInstances(host.clock.now(), 1).length === 0 && store.pendingActivities().length === held.waiting.length) return;
  }
  throw new Error("the host did not quiesce");
}

async function raise(id: string, name: EventName, payload: unknown): Promise<void> {
  expect(await host.raiseEvent(id, name, payload)).toBe(202);
  await quiesce();
}

/** Moves the virtual clock; the timers that fall due fire. */
async function advance(ms: number): Promise<void> {
  await quiesce();
  host.clock.advance(ms);
  await quiesce();
}

async function release(): Promise<void> {
  held.release();
  await quiesce();
}

/** Lets the probe run to its end (every held activity released); returns what it consumed. */
async function finish(id: string): Promise<Consumed[]> {
  for (let round = 0; round < 100; round++) {
    while (held.release()) await quiesce();
    if ((await host.status(id)).runtimeStatus === "Completed") return (await host.status(id)).output as Consumed[];
    await advance(10 * 60_000);
  }
  throw new Error(`${id} did not finish`);
}

function byName(consumed: Consumed[], name: string): unknown[] {
  return consumed.filter((c) => c.name === name).map((c) => c.payload);
}

function eventsRaised(id: string): number {
  return host.history(id).filter((e) => e.EventType === EventType.EventRaised).length;
}

describe("every event name, at every moment", () => {
  for (const name of EVENT_NAMES) {
    it(`${name}: during an activity, a timer, a wait for other events, two in a row, and across a restart`, async () => {
      const other = EVENT_NAMES.find((n) => n !== name) ?? name;
      const steps: Step[] = [
        { kind: "wait", names: [name, other], ms: 60_000 },
        { kind: "activity" },
        { kind: "sleep", ms: 60_000 },
        { kind: "wait", names: [other], ms: 60_000 },
        { kind: "activity" },
        { kind: "sleep", ms: 60_000 },
        { kind: "wait", names: [name], ms: 60_000 },
      ];
      const input: InboxProbeInput = { steps, names: [name] };
      const id = await host.startOrchestration("inboxProbe", input);
      await advance(60_000); // a wait for this name that times out: its waiter lost a race
      await raise(id, name, { n: 1 }); // activity in flight
      await release();
      await raise(id, name, { n: 2 }); // timer in flight
      await advance(60_000);
      await raise(id, name, { n: 3 }); // while waiting for another event
      await advance(60_000);
      await raise(id, name, { n: 4 }); // two in a row, activity in flight
      await raise(id, name, { n: 5 });
      await release();
      await raise(id, name, { n: 6 }); // then a restart while the timer runs
      host = await host.restart();
      await advance(60_000);
      expect(await finish(id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ name, payload: { n } })));
    });
  }
});

describe("across continue-as-new", () => {
  for (const name of EVENT_NAMES) {
    it(`${name}: held back, buffered, in the same episode as the step before, and right after, all reach the next generation`, async () => {
      const other = EVENT_NAMES.find((n) => n !== name) ?? name;
      const steps: Step[] = [
        { kind: "wait", names: [other], ms: 60_000 },
        { kind: "activity" },
        { kind: "continue" },
        { kind: "wait", names: [name, other], ms: 60_000 },
        { kind: "activity" },
        { kind: "continue" },
        { kind: "activity" },
        { kind: "continue" },
      ];
      const id = await host.startOrchestration("inboxProbe", { steps, names: [name] } satisfies InboxProbeInput);
      await raise(id, name, { n: 1 }); // no waiter for this name yet: the runtime holds it back
      await advance(60_000);
      await raise(id, name, { n: 2 }); // activity in flight
      held.release(); // the activity's completion and the next event in one episode
      expect(await host.raiseEvent(id, name, { n: 3 })).toBe(202);
      await quiesce();
      await raise(id, name, { n: 4 }); // the next generation, while its wait runs
      await raise(id, name, { n: 5 }); // two in a row, the second with the activity in flight
      await release();
      await raise(id, name, { n: 6 });
      held.release();
      expect(await host.raiseEvent(id, name, { n: 7 })).toBe(202);
      expect(await host.raiseEvent(id, name, { n: 8 })).toBe(202);
      await quiesce();
      expect(await finish(id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ name, payload: { n } })));
    });
  }
});

describe("a look in a first episode", () => {
  it("costs no timer when that episode brought no such event, and loses nothing raised later", async () => {
    const id = await host.startOrchestration("inboxProbe", { steps: [{ kind: "poll", names: ["ops.command"] }, { kind: "activity" }], names: ["ops.command"] } satisfies InboxProbeInput, "inbox-first-look");
    await quiesce();
    const history = host.history(id);
    const firstEnd = history.findIndex((e) => e.EventType === EventType.OrchestratorCompleted);
    const first = history.slice(0, firstEnd);
    if (!first.some((e) => e.EventType === EventType.EventRaised)) {
      // The step after the look went out in the same episode: no timer due now before it.
      expect(first.map((e) => e.EventType)).toContain(EventType.TaskScheduled);
      expect(first.map((e) => e.EventType)).not.toContain(EventType.TimerCreated);
    }
    await raise(id, "ops.command", { n: 1 });
    expect(await finish(id)).toEqual([{ name: "ops.command", payload: { n: 1 } }]);
  });
});

describe("random interleavings", () => {
  const names: EventName[] = ["ops.command", "approval.vote", "flux.ready"];
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant<Step>({ kind: "activity" }),
    fc.integer({ min: 1, max: 5 }).map<Step>((m) => ({ kind: "sleep", ms: m * 60_000 })),
    fc.tuple(fc.subarray(names, { minLength: 1 }), fc.integer({ min: 1, max: 5 })).map<Step>(([n, m]) => ({ kind: "wait", names: n, ms: m * 60_000 })),
    fc.subarray(names, { minLength: 1 }).map<Step>((n) => ({ kind: "poll", names: n })),
    fc.constant<Step>({ kind: "continue" }),
  );
  type Act = { kind: "raise"; name: EventName } | { kind: "release" } | { kind: "advance"; minutes: number } | { kind: "restart" };
  const act: fc.Arbitrary<Act> = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...names).map<Act>((name) => ({ kind: "raise", name })) },
    { weight: 2, arbitrary: fc.constant<Act>({ kind: "release" }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }).map<Act>((minutes) => ({ kind: "advance", minutes })) },
    { weight: 1, arbitrary: fc.constant<Act>({ kind: "restart" }) },
  );

  it("consumes every raised event exactly once, in arrival order per name", { timeout: 600_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 8 }), fc.array(act, { maxLength: 14 }), async (steps, acts) => {
        const id = await host.startOrchestration("inboxProbe", { steps, names } satisfies InboxProbeInput, `inbox-prop-${run++}`);
        await quiesce();
        const sent = new Map<string, unknown[]>(names.map((n) => [n, []]));
        let seq = 0;
        for (const a of acts) {
          if (a.kind === "raise") {
            const payload = { seq: seq++ };
            sent.get(a.name)?.push(payload);
            await raise(id, a.name, payload);
          } else if (a.kind === "release") await release();
          else if (a.kind === "advance") await advance(a.minutes * 60_000);
          else if (held.waiting.length === 0) host = await host.restart();
        }
        // A generation's history holds only its own events (continue-as-new carries the rest over).
        if (!steps.some((s) => s.kind === "continue")) expect(eventsRaised(id)).toBe(seq);
        const consumed = await finish(id);
        for (const name of names) expect(byName(consumed, name)).toEqual(sent.get(name));
      }),
      { numRuns: 25, seed: 9_2026 },
    );
  });
});
