/**
 * Typed building blocks for Baton's orchestrators, used with `yield*`. Each wait has a deadline
 * and says when it timed out (house style 7); activities are called by their contract names.
 * Everything here is deterministic: time comes from the orchestration context only.
 */
import * as df from "durable-functions";
import type { OrchestrationContext, Task } from "durable-functions";
import type { ActivityInput, ActivityName, ActivityOutput, Bookkeeping } from "../shared/durable/activityContracts.js";
import type { EventName } from "../shared/durable/events.js";
import type { TimelineInput } from "../shared/durable/timeline.js";
import type { WaitFor } from "../shared/ingest/intake/waitKeys.js";
import { carrierOf, withCarrier } from "../shared/telemetry/carrier.js";
import { inboxOf, type Arrived, type Waited } from "./events/inbox.js";

export type { Arrived, Waited };

export type Flow<T> = Generator<Task, T, unknown>;

// Activities throw only for transient trouble (their domain outcomes are StepResults), so a
// short bounded retry is right for all of them.
const TRANSIENT = (() => {
  const options = new df.RetryOptions(5_000, 5);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
})();

/**
 * The trace the orchestration belongs to, from its own input (so replay sees the same value), handed
 * to every activity: the activities emit the spans (shared/telemetry/activities.ts), orchestrators never.
 */
function traced<T>(ctx: OrchestrationContext, input: T): T {
  return withCarrier(input, carrierOf(ctx.df.getInput<unknown>()));
}

/**
 * Bookkeeping that need not cost an activity of its own (each activity is a queue round trip on
 * Azure): timeline notes and signal unsubscriptions wait here and ride along with the next
 * activity of the orchestration, which records them before it runs (idempotent by entry id and
 * wait key, so a retried activity repeats them harmlessly). `flushBookkeeping` sends what is left
 * before a wait that may last (so the timeline never lags behind a person) and at the end.
 */
const books = new WeakMap<OrchestrationContext, Required<Bookkeeping>>();

function booksOf(ctx: OrchestrationContext): Required<Bookkeeping> {
  let b = books.get(ctx);
  if (!b) books.set(ctx, (b = { notes: [], unsubscribe: [] }));
  return b;
}

/** Records a timeline entry with the next activity. */
export function keepNote(ctx: OrchestrationContext, note: TimelineInput): void {
  booksOf(ctx).notes.push(note);
}

/** Takes the timeline entries kept so far, to hand them to a sub-orchestration's first activity. */
export function takeNotes(ctx: OrchestrationContext): TimelineInput[] {
  return booksOf(ctx).notes.splice(0);
}

/** Ends a signal subscription with the next activity. */
export function keepUnsubscribe(ctx: OrchestrationContext, instanceId: string, wait: WaitFor): void {
  booksOf(ctx).unsubscribe.push({ instanceId, wait });
}

function takeBooks(ctx: OrchestrationContext): Bookkeeping {
  const b = booksOf(ctx);
  const taken: Bookkeeping = {
    ...(b.notes.length > 0 ? { notes: b.notes.splice(0) } : {}),
    ...(b.unsubscribe.length > 0 ? { unsubscribe: b.unsubscribe.splice(0) } : {}),
  };
  return taken;
}

/** Sends kept bookkeeping now, in an activity of its own, when there is any. */
export function* flushBookkeeping(ctx: OrchestrationContext): Flow<void> {
  const b = booksOf(ctx);
  if (b.notes.length === 0 && b.unsubscribe.length === 0) return;
  yield* activity(ctx, "bookkeeping", {});
}

export function* activity<N extends ActivityName>(ctx: OrchestrationContext, name: N, input: ActivityInput<N>): Flow<ActivityOutput<N>> {
  const result: unknown = yield ctx.df.callActivityWithRetry(name, TRANSIENT, traced(ctx, { ...input, ...takeBooks(ctx) }));
  return result as ActivityOutput<N>;
}

/** Runs activities side by side; results in input order. The first carries the kept bookkeeping. */
export function* activities<N extends ActivityName>(ctx: OrchestrationContext, name: N, inputs: ActivityInput<N>[]): Flow<ActivityOutput<N>[]> {
  if (inputs.length === 0) return [];
  const kept = takeBooks(ctx);
  const result: unknown = yield ctx.df.Task.all(inputs.map((input, i) => ctx.df.callActivityWithRetry(name, TRANSIENT, traced(ctx, i === 0 ? { ...input, ...kept } : input))));
  return result as ActivityOutput<N>[];
}

export function now(ctx: OrchestrationContext): Date {
  return ctx.df.currentUtcDateTime;
}

export function after(ctx: OrchestrationContext, ms: number): Date {
  return new Date(now(ctx).getTime() + ms);
}

export function* sleepUntil(ctx: OrchestrationContext, at: Date): Flow<void> {
  if (at.getTime() <= now(ctx).getTime()) return;
  yield* flushBookkeeping(ctx);
  yield ctx.df.createTimer(at);
}

/**
 * Waits for the first of some external events, or the deadline. Every event wait goes through the
 * orchestration's inbox (events/inbox.ts), so no event is lost and each name keeps arrival order.
 */
export function waitForEvents<E extends EventName>(ctx: OrchestrationContext, names: readonly E[], deadline: Date): Flow<Waited<E>> {
  return inboxOf(ctx).next(names, deadline, () => flushBookkeeping(ctx));
}

/** An event of these names that already arrived, without waiting for one. */
export function arrivedEvent<E extends EventName>(ctx: OrchestrationContext, names: readonly E[]): Flow<Arrived<E> | undefined> {
  return inboxOf(ctx).poll(names);
}

export function shortSha(commit: string): string {
  return commit.slice(0, 7);
}

export function describeMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
