/**
 * The one owner of external-event waits in Baton's orchestrations (ESLint forbids
 * `waitForExternalEvent` everywhere else in orchestrations/). It guarantees that no event raised
 * to a promotion or stage instance is lost, whatever the orchestration is doing when it arrives,
 * and that events of one name are consumed in arrival order.
 *
 * Why a helper is needed (durable-functions 3.5, TaskOrchestrationExecutor): every yielded
 * `waitForExternalEvent` task is pushed on a per-name stack (`openEvents`) and stays there until
 * an event pops it, also when it lost a `Task.any` race. An event is handed to the TOP of that
 * stack (`pop`); only when the stack is empty is it deferred, in order, until the next wait for
 * that name is yielded. Abandoning the losers of a race therefore loses every event that later
 * pops one of them, and yielding the same task twice pushes it twice, so a second event
 * overwrites the first.
 *
 * So the inbox never abandons and never re-yields a waiter. Each race yields fresh waiters (one
 * per name, on top of the stack, so they are the ones an event wakes); the waiters of earlier
 * races stay ours and act as buffer slots: an event that arrives while the orchestration is
 * busy (an activity or a timer in flight, between two waits, two in a row) pops one of them, and
 * the inbox collects it at its next look. Because the runtime pops from the top, the slots that
 * filled since the last look are the top ones, filled top-down in arrival order; events beyond the
 * slots are deferred by the runtime, in order, and surface when a fresh waiter for their name is
 * yielded. Replay rebuilds the same state from history, so a restart loses nothing either.
 */
import type { OrchestrationContext, Task } from "durable-functions";
import type { EventName, EventPayloads } from "../../shared/durable/events.js";

type Flow<T> = Generator<Task, T, unknown>;

/** Distributes over the event names, so checking `name` narrows `payload`. */
export type Arrived<E extends EventName> = E extends EventName ? { kind: "event"; name: E; payload: EventPayloads[E] } : never;
export type Waited<E extends EventName> = Arrived<E> | { kind: "timeout" };

interface Buffered {
  payload: unknown;
  /** The look at which it was collected: earlier looks saw earlier events. */
  seen: number;
}

export interface Inbox {
  /**
   * The next event of one of `names` (per name in arrival order), or a timeout at `deadline`.
   * Events that already arrived are returned without waiting; a deadline in the past still
   * returns what already arrived before it times out.
   */
  next<E extends EventName>(names: readonly E[], deadline: Date): Flow<Waited<E>>;
  /**
   * An event of one of `names` that has already arrived, without waiting for one. Yields (a timer
   * due now) only when the runtime may be holding such an event back.
   */
  poll<E extends EventName>(names: readonly E[]): Flow<Arrived<E> | undefined>;
}

const inboxes = new WeakMap<OrchestrationContext, Inbox>();

/** The inbox of this orchestration run: one per context, shared by every step that waits. */
export function inboxOf(ctx: OrchestrationContext): Inbox {
  let inbox = inboxes.get(ctx);
  if (!inbox) {
    inbox = createInbox(ctx);
    inboxes.set(ctx, inbox);
  }
  return inbox;
}

function createInbox(ctx: OrchestrationContext): Inbox {
  /** Per name: our yielded waiters not yet filled, in the order the runtime stacked them. */
  const slots = new Map<EventName, Task[]>();
  /** Per name: events collected from filled waiters, oldest first. */
  const buffers = new Map<EventName, Buffered[]>();
  let looks = 0;

  const slotsOf = (name: EventName): Task[] => {
    let list = slots.get(name);
    if (!list) slots.set(name, (list = []));
    return list;
  };
  const bufferOf = (name: EventName): Buffered[] => {
    let list = buffers.get(name);
    if (!list) buffers.set(name, (list = []));
    return list;
  };

  /** Moves events from filled waiters into the buffers: from the top of each stack down, which is arrival order. */
  const collect = (): void => {
    looks++;
    for (const [name, list] of slots) {
      const filled: Task[] = [];
      for (let i = list.length - 1; i >= 0; i--) {
        const task = list[i];
        if (task?.isCompleted) {
          filled.push(task);
          list.splice(i, 1);
        }
      }
      bufferOf(name).push(...filled.map((t) => ({ payload: t.result, seen: looks })));
    }
  };

  /** The oldest collected event among `names`; on a tie, the first name given. */
  const take = <E extends EventName>(names: readonly E[]): Arrived<E> | undefined => {
    let best: { name: E; item: Buffered } | undefined;
    for (const name of names) {
      const item = buffers.get(name)?.[0];
      if (item && (!best || item.seen < best.item.seen)) best = { name, item };
    }
    if (!best) return undefined;
    bufferOf(best.name).shift();
    return { kind: "event", name: best.name, payload: best.item.payload } as Arrived<E>;
  };

  /**
   * Yields one fresh waiter per name against a timer. One, never two: when a name has no waiter
   * left on the runtime's stack, the runtime may hold events back and hands them to the waiters it
   * is given in the order they are yielded, which `collect` could not tell from the order of events
   * that land later (top down).
   */
  function* race(names: readonly EventName[], at: Date): Flow<void> {
    const waiters = names.map((name) => {
      const fresh = ctx.df.waitForExternalEvent(name);
      slotsOf(name).push(fresh);
      return fresh;
    });
    const timer = ctx.df.createTimer(at);
    yield ctx.df.Task.any([...waiters, timer]);
    if (!timer.isCompleted) timer.cancel();
    collect();
  }

  function* poll<E extends EventName>(names: readonly E[]): Flow<Arrived<E> | undefined> {
    collect();
    const ready = take(names);
    if (ready) return ready;
    // Only a name with no waiter of ours on the runtime's stack can have events held back.
    const starved = names.filter((n) => slotsOf(n).length === 0);
    if (starved.length === 0) return undefined;
    yield* race(starved, ctx.df.currentUtcDateTime);
    return take(names);
  }

  return {
    *next(names, deadline) {
      if (deadline.getTime() <= ctx.df.currentUtcDateTime.getTime()) return (yield* poll(names)) ?? { kind: "timeout" };
      collect();
      const ready = take(names);
      if (ready) return ready;
      yield* race(names, deadline);
      return take(names) ?? { kind: "timeout" };
    },
    poll,
  };
}
