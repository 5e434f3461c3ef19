/**
 * What a bundle promotion carries (docs/bundles.md): the images that belong together, each under
 * the member name its edits use. Plain JSON: it travels in the promotion input and durable history.
 */
import type { ImagePublished } from "../ingest/model.js";

export interface BundleImage {
  member: string;
  image: ImagePublished;
}

export interface PromotionBundle {
  /** How the images belong together, and the value they share (`tag` `1.4.2`). */
  together: "tag" | "revision";
  value: string;
  /** Every image that arrived, the primary (the pipeline's source.image) first when it did. */
  images: BundleImage[];
  windowMs: number;
  /** Set when the window closed before these members arrived: the promotion records that and commits nothing. */
  missing?: string[];
}

/** `tag 1.4.2`, `revision 6c62fb4…`: how people read a bundle's key. */
export function describeBundle(bundle: Pick<PromotionBundle, "together" | "value">): string {
  return `${bundle.together} ${bundle.value}`;
}
