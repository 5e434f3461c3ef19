import type { FieldChange } from "./edit.js";
import { referenceText, versionText, type ImageVersion } from "./imageRef.js";

/** Why a commit is made: the promotion it belongs to. Every Baton commit carries these as trailers. */
export interface PromotionContext {
  promotionId: string;
  pipeline: string;
  stage: string;
  /** The version this commit puts in place (for a rollback: the version restored). */
  image: ImageVersion;
  /** Absent for a promotion; `rollback` when a failed promotion restores the previous version. */
  action?: "rollback";
  /** A bundle's commit: every image it puts in place (for a rollback: restores), by member name. */
  bundle?: { key: string; images: BundleImageVersion[] };
}

export interface BundleImageVersion extends ImageVersion {
  member: string;
}

/** Trailer keys, in git's `Key: value` trailer format so `git interpret-trailers --parse` reads them. */
export const trailerKeys = {
  promotion: "Baton-Promotion",
  pipeline: "Baton-Pipeline",
  stage: "Baton-Stage",
  image: "Baton-Image",
  tag: "Baton-Tag",
  digest: "Baton-Digest",
  action: "Baton-Action",
  /** A bundle's key (`tag 1.4.2`), then one Baton-Bundle-Image per image: `member=name:tag@digest`. */
  bundle: "Baton-Bundle",
  bundleImage: "Baton-Bundle-Image",
} as const;

/** One line a careful human would write: what moved where. */
export function commitSubject(context: PromotionContext): string {
  const verb = context.action === "rollback" ? "Roll back" : "Promote";
  if (context.bundle) return `${verb} ${context.bundle.images.map((i) => i.member).join(", ")} (bundle ${context.bundle.key}) in ${context.stage}`;
  return `${verb} ${context.image.name} to ${versionText(context.image)} in ${context.stage}`;
}

/** Subject, a body listing every changed value with its old and new text, then the trailers. */
export function commitMessage(context: PromotionContext, changes: readonly FieldChange[]): string {
  const body = changes.map((c) => `- ${c.file}:${c.line} ${c.where}: ${c.from ?? "(added)"} -> ${c.to}`);
  const trailers: [string, string | undefined][] = [
    [trailerKeys.promotion, context.promotionId],
    [trailerKeys.pipeline, context.pipeline],
    [trailerKeys.stage, context.stage],
    [trailerKeys.image, context.image.name],
    [trailerKeys.tag, context.image.tag],
    [trailerKeys.digest, context.image.digest],
    [trailerKeys.action, context.action],
    [trailerKeys.bundle, context.bundle?.key],
    ...(context.bundle?.images ?? []).map((i): [string, string] => [trailerKeys.bundleImage, `${i.member}=${referenceText(i)}`]),
  ];
  return [
    commitSubject(context),
    "",
    `Pipeline ${context.pipeline}, stage ${context.stage}:`,
    ...body,
    "",
    ...trailers.flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${oneLine(v)}`])),
    "",
  ].join("\n");
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** Reads Baton's trailers back from a commit message; undefined when it is not a Baton commit. */
export function parseCommitTrailers(message: string): PromotionContext | undefined {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs.at(-1) ?? "";
  const values = new Map<string, string>();
  const bundleImages: BundleImageVersion[] = [];
  for (const line of last.split("\n")) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    values.set(m[1].toLowerCase(), m[2]);
    const image = m[1].toLowerCase() === trailerKeys.bundleImage.toLowerCase() ? parseBundleImage(m[2]) : undefined;
    if (image) bundleImages.push(image);
  }
  const get = (key: string): string | undefined => values.get(key.toLowerCase());
  const promotionId = get(trailerKeys.promotion);
  const pipeline = get(trailerKeys.pipeline);
  const stage = get(trailerKeys.stage);
  const name = get(trailerKeys.image);
  if (!promotionId || !pipeline || !stage || !name) return undefined;
  const image: ImageVersion = { name };
  const tag = get(trailerKeys.tag);
  const digest = get(trailerKeys.digest);
  if (tag) image.tag = tag;
  if (digest) image.digest = digest;
  const bundleKey = get(trailerKeys.bundle);
  return {
    promotionId,
    pipeline,
    stage,
    image,
    ...(get(trailerKeys.action) === "rollback" ? { action: "rollback" as const } : {}),
    ...(bundleKey ? { bundle: { key: bundleKey, images: bundleImages } } : {}),
  };
}

/** `member=name:tag@digest` (tag or digest may be absent) as written by commitMessage. */
function parseBundleImage(text: string): BundleImageVersion | undefined {
  const m = /^([^=\s]+)=([^@\s]+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@([a-z0-9]+:[a-f0-9]+))?$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  return { member: m[1], name: m[2], ...(m[3] ? { tag: m[3] } : {}), ...(m[4] ? { digest: m[4] } : {}) };
}
