import { createHash } from "node:crypto";
import { promotionInstanceId } from "../ingest/intake/instanceId.js";
import { MAX_INSTANCE_ID_LENGTH } from "../durable/instanceIdLimits.js";
import type { BundleImage } from "./model.js";

/**
 * A bundle's promotion id: the pipeline and a digest over every member's name and image digest,
 * in member-name order, so the same images arriving in any order, or twice, name one promotion,
 * and a rebuild (any new digest) names another.
 */
export function bundlePromotionId(pipeline: string, images: readonly BundleImage[]): string {
  return promotionInstanceId(pipeline, `sha256:${membersHash(images)}`);
}

/** The id of the record a window that closed incomplete leaves: one per group and generation. */
export function incompleteBundlePromotionId(pipeline: string, key: string, generation: number, images: readonly BundleImage[]): string {
  return promotionInstanceId(pipeline, `sha256:${createHash("sha256").update(`incomplete\n${key}\n${generation}\n${membersHash(images)}`).digest("hex")}`);
}

/** The window's own instance (a durable timer): `bundle-<pipeline>-<hash of key>-<generation>`. */
export function bundleWindowId(pipeline: string, key: string, generation: number): string {
  const hash = createHash("sha256").update(key).digest("hex");
  return `bundle-${pipeline}-${hash}`.slice(0, MAX_INSTANCE_ID_LENGTH - 12) + `-g${generation}`;
}

function membersHash(images: readonly BundleImage[]): string {
  const lines = [...images].sort((a, b) => a.member.localeCompare(b.member)).map((i) => `${i.member}=${i.image.digest}`);
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}
