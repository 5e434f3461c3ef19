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
import { EVENT_NAMES, type EventName, type EventPayloads } from "../../shared/durable/events.js";

type Flow<T> = Generator<Task, T, unknown>;

/** Distributes over the event names, so checking `name` narrows `payload`. */
export type Arrived<E extends EventName> = E extends EventName ? { kind: "event"; name: E; payload: EventPayloads[E] } : never;
export type Waited<E extends EventName> = Arrived<E> | { kind: "timeout" };

interface Buffered {
  payload: unknown;
  /** The look at which it was collected: earlier looks saw earlier events. */
  seen: number;
}

/** An event handed from one generation of an orchestration to the next (continue-as-new). */
export interface Carried {
  name: EventName;
  payload: unknown;
}

export interface Inbox {
  /**
   * The next event of one of `names` (per name in arrival order), or a timeout at `deadline`.
   * Events that already arrived are returned without waiting; a deadline in the past still
   * returns what already arrived before it times out. `beforeWait` runs only when the orchestration
   * is about to wait (nothing arrived, deadline ahead); events that arrive meanwhile are still seen.
   */
  next<E extends EventName>(names: readonly E[], deadline: Date, beforeWait?: () => Flow<void>): Flow<Waited<E>>;
  /**
   * An event of one of `names` that has already arrived, without waiting for one. Yields (a timer
   * due now) only when the runtime may be holding such an event back.
   */
  poll<E extends EventName>(names: readonly E[]): Flow<Arrived<E> | undefined>;
  /**
   * Every event this execution received and nobody consumed, oldest first per name, to hand to
   * the next generation before `continueAsNew`. durable-functions (JS) has no
   * `preserveUnprocessedEvents`: the events in history that the orchestrator has not processed
   * when it continues as new (held back for want of a waiter, or later in the same episode) are
   * dropped, on Azure as on the local host. So this compares, per name, the `EventRaised` events
   * in the execution's history with those the inbox received, and keeps yielding fresh waiters
   * (against a timer due now) until every one is in hand. Events raised after the continue-as-new
   * reach the next generation by themselves (the runtime addresses them to the instance).
   */
  carryOver(): Flow<Carried[]>;
}

const inboxes = new WeakMap<OrchestrationContext, Inbox>();

/** The inbox of this orchestration run: one per context, shared by every step that waits. */
export function inboxOf(ctx: OrchestrationContext): Inbox {
  let inbox = inboxes.get(ctx);
  if (!inbox) {
    inbox = createInbox(ctx, []);
    inboxes.set(ctx, inbox);
  }
  return inbox;
}

/**
 * Starts this generation's inbox with the events the previous generation carried over: they
 * come before any event of this execution. Call before anything else waits.
 */
export function seedInbox(ctx: OrchestrationContext, carried: readonly Carried[]): void {
  if (inboxes.has(ctx)) throw new Error("seedInbox: the inbox is already in use");
  inboxes.set(ctx, createInbox(ctx, carried));
}

/** The execution's history as the library received it (durable-functions 3.5 keeps it as `df.state`). */
function raisedCounts(ctx: OrchestrationContext): Map<EventName, number> {
  const history = (ctx.df as unknown as { state?: { EventType: number; Name?: string }[] }).state;
  if (!Array.isArray(history)) throw new Error("inbox: the orchestration history is not available (durable-functions version changed?)");
  const counts = new Map<EventName, number>();
  for (const e of history) if (e.EventType === EVENT_RAISED && e.Name) counts.set(e.Name as EventName, (counts.get(e.Name as EventName) ?? 0) + 1);
  return counts;
}

/** HistoryEventType.EventRaised */
const EVENT_RAISED = 15;
/** HistoryEventType.OrchestratorCompleted */
const ORCHESTRATOR_COMPLETED = 13;

/**
 * True when the orchestration is still in its first episode (nothing scheduled yet: no activity,
 * timer or sub-orchestration has taken a sequence number) and that episode's events hold none
 * of `names`: then nothing of those names can be held back now, nor land later in this episode,
 * and a look needs no timer (an episode, a queue message on Azure, at the start of every stage
 * and every promotion generation). An event raised after this episode is not lost: it lands in
 * a later one and the next look takes it, like any event that arrives once the step after the
 * look was scheduled. Deterministic: the first episode's events
 * are fixed once it ran (up to its OrchestratorCompleted), and replay reaches this point with the
 * same sequence number. Unknown library internals: false, and the look takes the timer.
 */
function noneInFirstEpisode(ctx: OrchestrationContext, names: readonly EventName[]): boolean {
  const df = ctx.df as unknown as { state?: { EventType: number; Name?: string }[]; taskOrchestratorExecutor?: { sequenceNumber?: unknown } };
  if (df.taskOrchestratorExecutor?.sequenceNumber !== 0 || !Array.isArray(df.state)) return false;
  for (const e of df.state) {
    if (e.EventType === ORCHESTRATOR_COMPLETED) break;
    if (e.EventType === EVENT_RAISED && names.some((n) => n === e.Name)) return false;
  }
  return true;
}

function createInbox(ctx: OrchestrationContext, carried: readonly Carried[]): Inbox {
  /** Per name: our yielded waiters not yet filled, in the order the runtime stacked them. */
  const slots = new Map<EventName, Task[]>();
  /** Per name: events collected from filled waiters, oldest first. */
  const buffers = new Map<EventName, Buffered[]>();
  let looks = 0;
  /** Per name: events of this execution the inbox has received (collected from its waiters). */
  const received = new Map<EventName, number>();

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
      if (filled.length > 0) received.set(name, (received.get(name) ?? 0) + filled.length);
    }
  };
  for (const c of carried) bufferOf(c.name).push({ payload: c.payload, seen: 0 });

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
    if (noneInFirstEpisode(ctx, starved)) return undefined;
    yield* race(starved, ctx.df.currentUtcDateTime);
    return take(names);
  }

  function* carryOver(): Flow<Carried[]> {
    for (;;) {
      collect();
      const behind = [...raisedCounts(ctx)].some(([name, count]) => count > (received.get(name) ?? 0));
      if (!behind) break;
      // Always the same waiters (every name), whatever is behind: on replay the history may hold
      // later events too, so only the fact "something is behind" may decide, never which names.
      // It is deterministic: had the first run found nothing behind, it would have ended here.
      yield* race(EVENT_NAMES, ctx.df.currentUtcDateTime);
    }
    const all: (Carried & { seen: number })[] = [];
    for (const [name, list] of buffers) for (const item of list.splice(0)) all.push({ name, payload: item.payload, seen: item.seen });
    // Stable: per name the order stays arrival order.
    return all.sort((a, b) => a.seen - b.seen).map(({ name, payload }) => ({ name, payload }));
  }

  return {
    carryOver,
    *next(names, deadline, beforeWait) {
      if (deadline.getTime() <= ctx.df.currentUtcDateTime.getTime()) return (yield* poll(names)) ?? { kind: "timeout" };
      collect();
      const ready = take(names);
      if (ready) return ready;
      if (beforeWait) {
        yield* beforeWait();
        collect();
        const meanwhile = take(names);
        if (meanwhile) return meanwhile;
        if (deadline.getTime() <= ctx.df.currentUtcDateTime.getTime()) return (yield* poll(names)) ?? { kind: "timeout" };
      }
      yield* race(names, deadline);
      return take(names) ?? { kind: "timeout" };
    },
    poll,
  };
}
