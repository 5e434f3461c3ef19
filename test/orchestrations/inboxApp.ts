/**
 * A small app for the inbox tests: an orchestration that does what the test's script says
 * (activities the test holds in flight, timers, waits for some event names, non-waiting looks)
 * through the real inbox, and records every event it consumes, in order, in its custom status.
 * It ends when its script is done and nothing arrives within an hour.
 */
import type { OrchestrationContext } from "durable-functions";
import * as df from "durable-functions";
import type { EventName } from "../../shared/durable/events.js";
import { heldActivities } from "./inboxHeld.js";
import { inboxOf, seedInbox, type Carried } from "../../orchestrations/events/inbox.js";
import { after, arrivedEvent, sleepUntil, waitForEvents, type Flow } from "../../orchestrations/flow.js";

export type Step =
  | { kind: "activity" }
  | { kind: "sleep"; ms: number }
  | { kind: "wait"; names: EventName[]; ms: number }
  | { kind: "poll"; names: EventName[] }
  /** Continue as new with the remaining steps, carrying over the events not consumed yet. */
  | { kind: "continue" };

export interface Consumed {
  name: string;
  payload: unknown;
}

export interface InboxProbeInput {
  steps: Step[];
  names: EventName[];
  /** Set by a `continue` step for the next generation. */
  carried?: Carried[];
  consumed?: Consumed[];
}

/** Activities the test holds in flight (shared through globalThis: the host loads this file itself). */
const held = heldActivities();

df.app.activity("heldActivity", {
  handler: (n: number) =>
    new Promise<number>((resolve) => {
      held.waiting.push(() => resolve(n));
    }),
});

df.app.orchestration("inboxProbe", function* (ctx: OrchestrationContext): Flow<Consumed[]> {
  const input = ctx.df.getInput<InboxProbeInput>();
  if (input.carried) seedInbox(ctx, input.carried);
  const consumed: Consumed[] = [...(input.consumed ?? [])];
  const show = (step: number): void => ctx.df.setCustomStatus({ step, consumed });
  for (const [i, step] of input.steps.entries()) {
    show(i);
    switch (step.kind) {
      case "activity":
        yield ctx.df.callActivity("heldActivity", i);
        break;
      case "sleep":
        yield* sleepUntil(ctx, after(ctx, step.ms));
        break;
      case "wait": {
        const waited = yield* waitForEvents(ctx, step.names, after(ctx, step.ms));
        if (waited.kind === "event") consumed.push({ name: waited.name, payload: waited.payload });
        break;
      }
      case "poll": {
        const arrived = yield* arrivedEvent(ctx, step.names);
        if (arrived) consumed.push({ name: arrived.name, payload: arrived.payload });
        break;
      }
      case "continue": {
        const carried = yield* inboxOf(ctx).carryOver();
        ctx.df.continueAsNew({ steps: input.steps.slice(i + 1), names: input.names, carried, consumed } satisfies InboxProbeInput);
        return consumed;
      }
    }
  }
  show(input.steps.length);
  for (;;) {
    const waited = yield* waitForEvents(ctx, input.names, after(ctx, 3_600_000));
    if (waited.kind === "timeout") break;
    consumed.push({ name: waited.name, payload: waited.payload });
    show(input.steps.length);
  }
  return consumed;
});
