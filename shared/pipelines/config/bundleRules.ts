/**
 * A bundle pipeline's source as the pinned model carries it, and the rules a file must keep:
 * member names and images unique within a bundle, no image in two bundles (an arrival could not
 * say which group it completes), and every edit naming a member the bundle has.
 */
import type { BundleMember, BundleSpec } from "../types.js";
import type { FieldPath } from "./errors.js";
import type { PipelineEntry } from "./fileSchema.js";
import type { StageEdit } from "./model.js";

/** docs/bundles.md: the others may arrive up to 30 minutes after the first. */
export const DEFAULT_BUNDLE_WINDOW_MS = 30 * 60_000;

type Report = (path: FieldPath, message: string) => void;

/** The primary image's member name: the last segment of its repository (`shop/web` -> `web`). */
export function primaryMemberName(repository: string): string {
  return repository.split("/").at(-1) ?? repository;
}

export function bundleSpecOf(source: PipelineEntry["source"], path: FieldPath, report: Report): BundleSpec | undefined {
  if (!source.bundle) return undefined;
  const primary: BundleMember = { name: primaryMemberName(source.repository), registry: source.registry, repository: source.repository };
  const members: BundleMember[] = [primary];
  for (const [name, image] of Object.entries(source.bundle.images)) {
    const at = [...path, "source", "bundle", "images", name];
    const same = members.find((m) => m.registry === image.registry && m.repository === image.repository);
    if (name === primary.name) report(at, `expected another name: "${name}" already names source.image (${primary.registry}/${primary.repository})`);
    else if (same) report(at, `expected each image once in a bundle: ${image.registry}/${image.repository} is already "${same.name}"`);
    else members.push({ name, ...image });
  }
  return { members, together: source.bundle.together ?? "tag", windowMs: source.bundle.window ?? DEFAULT_BUNDLE_WINDOW_MS };
}

/** The member an edit sets, or a problem: a name the bundle lacks, or a name in a pipeline without a bundle. */
export function editMember(edit: StageEdit, bundle: BundleSpec | undefined): { member: string } | { problem: string } {
  const primary = bundle?.members[0]?.name;
  if (edit.image === undefined) return { member: primary ?? "" };
  if (!bundle) return { problem: `expected no image here: only a pipeline with source.bundle names the image an edit sets ("${edit.image}")` };
  if (!bundle.members.some((m) => m.name === edit.image)) {
    return { problem: `expected one of the bundle's images (${bundle.members.map((m) => m.name).join(", ")}): "${edit.image}" is not in source.bundle.images` };
  }
  return { member: edit.image };
}

/** Remembers which bundle takes which image: one image, one bundle. */
export class BundleImages {
  readonly #owners = new Map<string, string>();

  /** The pipeline that already bundles this image, if another does. */
  claim(pipeline: string, member: BundleMember): string | undefined {
    const key = `${member.registry}/${member.repository}`;
    const owner = this.#owners.get(key);
    if (owner !== undefined && owner !== pipeline) return owner;
    this.#owners.set(key, pipeline);
    return undefined;
  }
}
