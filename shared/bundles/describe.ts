import { describeMs } from "./durationText.js";
import { describeBundle, type PromotionBundle } from "./model.js";

/** `web=myacr.azurecr.io/shop-web:1.4.2@sha256:…` for each image, for timelines and logs. */
export function bundleImagesText(bundle: PromotionBundle): string[] {
  return bundle.images.map(({ member, image }) => `${member}=${image.registry}/${image.repository}:${image.tag}@${image.digest}`);
}

/** The outcome of a bundle whose window closed first, naming what never arrived. */
export function incompleteReason(bundle: PromotionBundle, missing: readonly string[]): string {
  const arrived = bundle.images.map((i) => i.member).join(", ");
  return `bundle incomplete: ${missing.join(", ")} did not arrive within ${describeMs(bundle.windowMs)} of ${arrived} (${describeBundle(bundle)}); nothing was committed`;
}
