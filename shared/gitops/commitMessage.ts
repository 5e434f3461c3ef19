import type { FieldChange } from "./edit.js";
import { versionText, type ImageVersion } from "./imageRef.js";

/** Why a commit is made: the promotion it belongs to. Every Baton commit carries these as trailers. */
export interface PromotionContext {
  promotionId: string;
  pipeline: string;
  stage: string;
  /** The version this commit puts in place (for a rollback: the version restored). */
  image: ImageVersion;
  /** Absent for a promotion; `rollback` when a failed promotion restores the previous version. */
  action?: "rollback";
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
} as const;

/** One line a careful human would write: what moved where. */
export function commitSubject(context: PromotionContext): string {
  const verb = context.action === "rollback" ? "Roll back" : "Promote";
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
  for (const line of last.split("\n")) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) values.set(m[1].toLowerCase(), m[2]);
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
  return { promotionId, pipeline, stage, image, ...(get(trailerKeys.action) === "rollback" ? { action: "rollback" as const } : {}) };
}
