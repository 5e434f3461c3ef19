/**
 * A bundle stage's edits: each sets the image of the member it names (the primary when it names
 * none), all in one commit whose trailers list every image (docs/bundles.md). A single-image
 * stage is the same with one member.
 */
import type { CommitEvidence, StageRef } from "../durable/activityContracts.js";
import type { BundleImageVersion, PromotionContext } from "../gitops/commitMessage.js";
import type { ImageEdit } from "../gitops/edit.js";
import type { ImageVersion } from "../gitops/imageRef.js";
import type { ImagePublished } from "../ingest/model.js";
import type { StageEdit } from "../pipelines/config/model.js";
import { describeBundle } from "./model.js";

/** The image an edit sets, and its member name in a bundle; undefined when the bundle lacks it. */
export function editImage(ref: Pick<StageRef, "image" | "bundle">, edit: StageEdit): { image: ImagePublished; member?: string } | undefined {
  if (!ref.bundle) return { image: ref.image };
  const member = edit.image ?? ref.bundle.images[0]?.member;
  const found = ref.bundle.images.find((i) => i.member === member);
  return found ? { image: found.image, member: found.member } : undefined;
}

export function nameOf(image: ImagePublished): string {
  return `${image.registry}/${image.repository}`;
}

/** The edits that put the promotion's images in place. */
export function promoteEdits(ref: StageRef): PlannedEdits | string {
  const edits: ImageEdit[] = [];
  const members: (string | undefined)[] = [];
  for (const e of ref.stage.edits) {
    const set = editImage(ref, e);
    if (!set) return `the bundle has no image "${e.image ?? "(primary)"}" for ${e.file}`;
    edits.push({ file: e.file, target: e.target, image: { name: nameOf(set.image), tag: set.image.tag, digest: set.image.digest } });
    members.push(set.member);
  }
  return { edits, members };
}

/** The edits of one commit, with the bundle member each sets (undefined outside a bundle). */
export interface PlannedEdits {
  edits: ImageEdit[];
  members: (string | undefined)[];
}

/** The edits that restore what each edit held before (matched by file and, in a bundle, member). */
export function rollbackEdits(ref: StageRef, rollbackTo: CommitEvidence["previous"] | undefined): PlannedEdits | string {
  const edits: ImageEdit[] = [];
  const members: (string | undefined)[] = [];
  for (const e of ref.stage.edits) {
    const set = editImage(ref, e);
    const before = rollbackTo?.find((p) => p.file === e.file && p.member === set?.member);
    if (!set || !before || !(before.tag || before.digest)) return `no earlier version of ${e.file}${set?.member ? ` (${set.member})` : ""} to roll back to`;
    edits.push({ file: e.file, target: e.target, image: { name: before.name ?? nameOf(set.image), ...(before.tag ? { tag: before.tag } : {}), ...(before.digest ? { digest: before.digest } : {}) } });
    members.push(set.member);
  }
  return { edits, members };
}

/** The commit's context: the primary image's trailers, and for a bundle one trailer per image. */
export function commitContext(ref: StageRef, mode: "promote" | "rollback", { edits, members }: PlannedEdits): PromotionContext {
  const promoted: ImageVersion = { name: nameOf(ref.image), tag: ref.image.tag, digest: ref.image.digest };
  const base = { promotionId: ref.promotionId, pipeline: ref.pipeline, stage: ref.stage.name };
  const primary = mode === "promote" ? promoted : edits[0]?.image;
  if (!primary) return { ...base, image: promoted };
  const context: PromotionContext = { ...base, image: primary, ...(mode === "rollback" ? { action: "rollback" as const } : {}) };
  if (!ref.bundle) return context;
  const images: BundleImageVersion[] =
    mode === "promote"
      ? ref.bundle.images.map((i) => ({ member: i.member, name: nameOf(i.image), tag: i.image.tag, digest: i.image.digest }))
      : uniqueByMember(edits.map((e, i) => ({ member: members[i] ?? "", ...e.image })));
  return { ...context, bundle: { key: describeBundle(ref.bundle), images } };
}

function uniqueByMember(images: BundleImageVersion[]): BundleImageVersion[] {
  return images.filter((image, i) => images.findIndex((other) => other.member === image.member) === i);
}
