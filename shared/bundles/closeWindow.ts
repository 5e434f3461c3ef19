/**
 * What happens when a bundle's window elapses: a group still gathering is closed as expired (by
 * compare-and-swap, so an arrival completing it at the same moment wins or loses cleanly, never
 * both), and the promotion record of the incomplete bundle is returned for the window to start.
 */
import type { PromotionInput } from "../durable/names.js";
import type { BundleArrivalStore } from "./arrivals.js";
import { imagesOf, type BundleWindowInput } from "./gather.js";
import { incompleteBundlePromotionId } from "./ids.js";
import type { BundleSpec } from "../pipelines/types.js";

export type WindowClosed =
  /** Complete (its promotion started when the last image arrived), or a later generation took over. */
  | { kind: "nothing"; detail: string }
  | { kind: "expired"; instanceId: string; input: PromotionInput };

export async function closeBundleWindow(store: BundleArrivalStore, input: BundleWindowInput): Promise<WindowClosed> {
  const { group, changed } = await store.update(input.pipeline, input.key, (current) =>
    current && current.generation === input.generation && current.state === "gathering" ? { ...current, state: "expired" } : undefined,
  );
  if (!changed || !group) return { kind: "nothing", detail: group ? `bundle ${input.key} is ${group.state} (generation ${group.generation})` : `no bundle ${input.key}` };
  const spec: BundleSpec = { members: input.members, together: input.together, windowMs: input.windowMs };
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
