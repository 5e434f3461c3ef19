/**
 * A bundle's window (docs/bundles.md): opened by the first image of a group, it sleeps a durable
 * timer until the window elapses, then closes the group. A group that completed started its
 * promotion on the last arrival; the close activity starts it only if that door stopped first
 * (shared/bundles/closeWindow.ts). One still gathering is closed as
 * expired and its record, a promotion that commits nothing and finishes `failed` naming the
 * missing images, is started, so the ops API and the timeline show what never arrived.
 */
import type { OrchestrationContext } from "durable-functions";
import * as df from "durable-functions";
import type { WindowClosed } from "../shared/bundles/closeWindow.js";
import type { BundleWindowInput } from "../shared/bundles/gather.js";
import { CLOSE_BUNDLE_WINDOW } from "../shared/bundles/windowNames.js";
import { ORCHESTRATOR } from "../shared/durable/names.js";
import { after, sleepUntil, type Flow } from "./flow.js";

const RETRY = (() => {
  const options = new df.RetryOptions(5_000, 5);
  options.backoffCoefficient = 2;
  return options;
})();

export function* bundleWindowOrchestrator(ctx: OrchestrationContext): Flow<WindowClosed> {
  const input = ctx.df.getInput<BundleWindowInput>();
  const closes = after(ctx, input.windowMs);
  ctx.df.setCustomStatus({ bundle: input.key, closes: closes.toISOString() });
  yield* sleepUntil(ctx, closes);
  const closed = (yield ctx.df.callActivityWithRetry(CLOSE_BUNDLE_WINDOW, RETRY, input)) as WindowClosed;
  if (closed.kind === "expired") yield ctx.df.callSubOrchestrator(ORCHESTRATOR.promotion, closed.input, closed.instanceId);
  ctx.df.setCustomStatus({ bundle: input.key, closed: closed.kind });
  return closed;
}
