/**
 * Every image of a bundle promotion (docs/bundles.md) as the ops API shows it, beside the primary
 * `image`: from a promotion's input, or from its `promotion.started` timeline entry
 * (`member=registry/repository:tag@digest`), which outlives durable history.
 */
import type { PromotionBundle } from "../bundles/model.js";

export interface BundleImageView {
  member: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string;
}

/** The bundle's images in member order (the primary first), or null for a single image. */
export function bundleImagesOf(bundle: PromotionBundle | undefined): BundleImageView[] | null {
  if (!bundle) return null;
  return bundle.images.map(({ member, image }) => ({ member, registry: image.registry, repository: image.repository, tag: image.tag, digest: image.digest }));
}

/** The images a `promotion.started` entry lists; lines it cannot read are left out. */
export function parseBundleImages(lines: readonly string[] | undefined): BundleImageView[] | undefined {
  if (!lines) return undefined;
  return lines.flatMap((line) => {
    const match = /^([^=]+)=([^/]+)\/(.+):([^:@/]+)@(.+)$/.exec(line);
    if (!match) return [];
    const [, member = "", registry = "", repository = "", tag = "", digest = ""] = match;
    return [{ member, registry, repository, tag, digest }];
  });
}
