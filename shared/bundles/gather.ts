/**
 * Gathers a bundle's images as they arrive (docs/bundles.md). Each arrival is recorded in the
 * arrivals store before anything else; the first of a group opens its window (a durable timer,
 * bundleWindow orchestration); the arrival that completes the group yields the promotion to start.
 * Everything is idempotent: the same push twice changes nothing and names the same promotion.
 */
import type { PromotionInput } from "../durable/names.js";
import type { ImagePublished } from "../ingest/model.js";
import type { BundleSpec, Pipeline } from "../pipelines/types.js";
import type { BundleArrivalStore, BundleGroup } from "./arrivals.js";
import { bundlePromotionId, bundleWindowId } from "./ids.js";
import { describeBundle, type BundleImage, type PromotionBundle } from "./model.js";

/** What the window orchestration is started with. */
export interface BundleWindowInput {
  pipeline: string;
  key: string;
  generation: number;
  windowMs: number;
  together: BundleSpec["together"];
  /** The members the window needs, as the arrival that opened it saw the bundle. */
  members: BundleSpec["members"];
}

/** Starts the window's durable timer unless that instance already exists. */
export interface BundleWindowStarter {
  startWindow(instanceId: string, input: BundleWindowInput): Promise<void>;
}

export type Gathered =
  | { kind: "waiting"; pipeline: string; bundle: string; arrived: string[]; missing: string[] }
  | { kind: "complete"; pipeline: string; instanceId: string; input: PromotionInput }
  | { kind: "refused"; pipeline: string; reason: string };

export interface BundleGatherer {
  gather(pipeline: Pipeline, image: ImagePublished): Promise<Gathered>;
}

export function createBundleGatherer(deps: { store: BundleArrivalStore; windows: BundleWindowStarter }): BundleGatherer {
  return {
    async gather(pipeline, image) {
      const spec = pipeline.source.bundle;
      if (!spec) return { kind: "refused", pipeline: pipeline.name, reason: "not a bundle pipeline" };
      const member = memberOf(spec, image);
      if (!member) return { kind: "refused", pipeline: pipeline.name, reason: `${image.registry}/${image.repository} is not in the bundle` };
      const value = spec.together === "tag" ? image.tag : image.revision;
      if (!value) {
        return {
          kind: "refused",
          pipeline: pipeline.name,
          reason: `the bundle belongs together by revision, and this event carries no org.opencontainers.image.revision label (docs/bundles.md)`,
        };
      }
      const key = `${spec.together}:${value}`;
      const { group } = await deps.store.update(pipeline.name, key, (current) => arrive(current, pipeline.name, key, member, image, spec));
      if (!group) throw new Error(`bundle ${pipeline.name} ${key}: the arrival was not recorded`);
      const bundle: Omit<PromotionBundle, "images"> = { together: spec.together, value, windowMs: spec.windowMs };
      const images = imagesOf(spec, group);
      if (group.state === "expired") {
        return { kind: "refused", pipeline: pipeline.name, reason: `the window of bundle ${describeBundle(bundle)} closed before every image arrived (recorded as incomplete); push a new build to open another` };
      }
      // Started on every arrival (it is idempotent), so a crash between an arrival's record and
      // its window's start is mended by the next arrival or the sender's retry. The arrival that
      // completes the group starts it too, before the door starts the promotion: should the door
      // stop in between, the window's close starts that promotion (closeWindow.ts).
      await deps.windows.startWindow(bundleWindowId(pipeline.name, key, group.generation), {
        pipeline: pipeline.name,
        key,
        generation: group.generation,
        windowMs: spec.windowMs,
        together: spec.together,
        members: spec.members,
      });
      if (group.state === "complete") return { kind: "complete", pipeline: pipeline.name, ...completePromotion(pipeline.name, spec, group) };
      const arrived = images.map((i) => i.member);
      return { kind: "waiting", pipeline: pipeline.name, bundle: describeBundle(bundle), arrived, missing: spec.members.map((m) => m.name).filter((n) => !arrived.includes(n)) };
    },
  };
}

/** The promotion of a complete group: the same id and input whoever starts it (door or window). */
export function completePromotion(pipeline: string, spec: BundleSpec, group: BundleGroup): { instanceId: string; input: PromotionInput } {
  const images = imagesOf(spec, group);
  const first = images[0];
  if (!first) throw new Error(`bundle ${pipeline} ${group.key} is complete without images`);
  const value = group.key.slice(group.key.indexOf(":") + 1);
  return {
    instanceId: bundlePromotionId(pipeline, images),
    input: { pipeline, image: first.image, bundle: { together: spec.together, value, windowMs: spec.windowMs, images } },
  };
}

/** The group after this arrival, or undefined when it changes nothing (the same image again). */
function arrive(current: BundleGroup | undefined, pipeline: string, key: string, member: string, image: ImagePublished, spec: BundleSpec): BundleGroup | undefined {
  const known = current?.arrivals[member];
  if (current && known?.digest === image.digest) return undefined;
  // A closed group (complete, or expired) with a new image under the same key is a rebuild: a new window.
  if (!current || current.state !== "gathering") {
    return settle({ pipeline, key, generation: (current?.generation ?? 0) + 1, state: "gathering", arrivals: { [member]: image }, openedAt: image.publishedAt }, spec);
  }
  // A newer push of the same member while gathering replaces the older one.
  return settle({ ...current, arrivals: { ...current.arrivals, [member]: image } }, spec);
}

function settle(group: BundleGroup, spec: BundleSpec): BundleGroup {
  return spec.members.every((m) => group.arrivals[m.name]) ? { ...group, state: "complete" } : group;
}

/** The arrived images in the bundle's member order (the primary first). */
export function imagesOf(spec: BundleSpec, group: BundleGroup): BundleImage[] {
  return spec.members.flatMap((m) => {
    const image = group.arrivals[m.name];
    return image ? [{ member: m.name, image }] : [];
  });
}

function memberOf(spec: BundleSpec, image: ImagePublished): string | undefined {
  const registry = image.registry.toLowerCase();
  const repository = image.repository.toLowerCase();
  return spec.members.find((m) => m.registry === registry && m.repository === repository)?.name;
}
