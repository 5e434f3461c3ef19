/**
 * Typed building blocks for Baton's orchestrators, used with `yield*`. Each wait has a deadline
 * and says when it timed out (house style 7); activities are called by their contract names.
 * Everything here is deterministic: time comes from the orchestration context only.
 */
import * as df from "durable-functions";
import type { OrchestrationContext, Task } from "durable-functions";
import type { ActivityInput, ActivityName, ActivityOutput } from "../shared/durable/activityContracts.js";
import type { EventName } from "../shared/durable/events.js";
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

export function* activity<N extends ActivityName>(ctx: OrchestrationContext, name: N, input: ActivityInput<N>): Flow<ActivityOutput<N>> {
  const result: unknown = yield ctx.df.callActivityWithRetry(name, TRANSIENT, traced(ctx, input));
  return result as ActivityOutput<N>;
}

/** Runs activities side by side; results in input order. */
export function* activities<N extends ActivityName>(ctx: OrchestrationContext, name: N, inputs: ActivityInput<N>[]): Flow<ActivityOutput<N>[]> {
  if (inputs.length === 0) return [];
  const result: unknown = yield ctx.df.Task.all(inputs.map((input) => ctx.df.callActivityWithRetry(name, TRANSIENT, traced(ctx, input))));
  return result as ActivityOutput<N>[];
}

export function now(ctx: OrchestrationContext): Date {
  return ctx.df.currentUtcDateTime;
}

export function after(ctx: OrchestrationContext, ms: number): Date {
  return new Date(now(ctx).getTime() + ms);
}

export function* sleepUntil(ctx: OrchestrationContext, at: Date): Flow<void> {
  if (at.getTime() > now(ctx).getTime()) yield ctx.df.createTimer(at);
}

/**
 * Waits for the first of some external events, or the deadline. Every event wait goes through the
 * orchestration's inbox (events/inbox.ts), so no event is lost and each name keeps arrival order.
 */
export function waitForEvents<E extends EventName>(ctx: OrchestrationContext, names: readonly E[], deadline: Date): Flow<Waited<E>> {
  return inboxOf(ctx).next(names, deadline);
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
