/**
 * What happens when a bundle's window elapses: a group still gathering is closed as expired (by
 * compare-and-swap, so an arrival completing it at the same moment wins or loses cleanly, never
 * both), and the promotion record of the incomplete bundle is returned for the window to start.
 * A group that completed had its promotion started by the door that recorded the last image;
 * should that door have stopped in between (and its sender not retried), the window starts it
 * now, under the same deterministic id, so it is never lost and never started twice.
 */
import type { PromotionInput } from "../durable/names.js";
import type { PromotionStarter, StartedPromotion } from "../ingest/ports.js";
import type { BundleArrivalStore } from "./arrivals.js";
import { completePromotion, imagesOf, type BundleWindowInput } from "./gather.js";
import { incompleteBundlePromotionId } from "./ids.js";
import type { BundleSpec } from "../pipelines/types.js";

export type WindowClosed =
  /** A later generation took over, or there is no group. */
  | { kind: "nothing"; detail: string }
  /** Complete: its promotion was there already (`exists`), or the window started it (`started`). */
  | { kind: "complete"; instanceId: string; status: StartedPromotion["status"] }
  | { kind: "expired"; instanceId: string; input: PromotionInput };

export async function closeBundleWindow(store: BundleArrivalStore, starter: PromotionStarter, input: BundleWindowInput): Promise<WindowClosed> {
  const { group, changed } = await store.update(input.pipeline, input.key, (current) =>
    current && current.generation === input.generation && current.state === "gathering" ? { ...current, state: "expired" } : undefined,
  );
  const spec: BundleSpec = { members: input.members, together: input.together, windowMs: input.windowMs };
  if (!changed && group?.generation === input.generation && group.state === "complete") {
    const { instanceId, input: promotion } = completePromotion(input.pipeline, spec, group);
    const started = await starter.startIfAbsent(instanceId, promotion);
    return { kind: "complete", instanceId, status: started.status };
  }
  if (!changed || !group) return { kind: "nothing", detail: group ? `bundle ${input.key} is ${group.state} (generation ${group.generation})` : `no bundle ${input.key}` };
  const images = imagesOf(spec, group);
  const first = images[0];
  if (!first) return { kind: "nothing", detail: `bundle ${input.key} has no arrivals` };
  const missing = spec.members.map((m) => m.name).filter((name) => !group.arrivals[name]);
  const value = input.key.slice(input.key.indexOf(":") + 1);
  return {
    kind: "expired",
    instanceId: incompleteBundlePromotionId(input.pipeline, input.key, input.generation, images),
    input: { pipeline: input.pipeline, image: first.image, bundle: { together: input.together, value, images, windowMs: input.windowMs, missing } },
  };
}
