import { GitOpsError } from "./errors.js";

/** The image a stage should run: a name plus a tag, a digest, or both. */
export interface ImageVersion {
  /** Repository name as written in manifests, for example `ghcr.io/acme/web`. */
  name: string;
  tag?: string;
  /** Content digest, `sha256:<64 hex>`. */
  digest?: string;
}

/** What a file currently says about an image; any part may be absent. */
export type ObservedImage = Partial<ImageVersion>;

// Grammar from the OCI distribution spec (tag) and image-spec (digest).
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$/;
// Registry host (optionally with port) and path; deliberately loose, exact grammar lives in the registry.
const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9._/-]|:[0-9]+\/)*$/;

export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}

export function isValidDigest(digest: string): boolean {
  return digestPattern.test(digest);
}

export function isValidImageName(name: string): boolean {
  return name.length <= 255 && namePattern.test(name);
}

/** `1.4.2`, `sha256:...` or `1.4.2@sha256:...`: the forms a Helm tag field accepts. */
export function versionText(image: ImageVersion): string {
  if (image.tag && image.digest) return `${image.tag}@${image.digest}`;
  const text = image.tag ?? image.digest;
  if (!text) throw new GitOpsError("invalid-edit", `Image ${image.name} has neither a tag nor a digest.`);
  return text;
}

/** `name:tag`, `name@digest` or `name:tag@digest`. */
export function referenceText(image: ImageVersion): string {
  const tag = image.tag ? `:${image.tag}` : "";
  const digest = image.digest ? `@${image.digest}` : "";
  if (!tag && !digest) throw new GitOpsError("invalid-edit", `Image ${image.name} has neither a tag nor a digest.`);
  return `${image.name}${tag}${digest}`;
}

/** Splits a version text (`1.4.2`, `sha256:..`, `1.4.2@sha256:..`) into its parts. */
export function parseVersionText(text: string): ObservedImage {
  const at = text.indexOf("@");
  if (at >= 0) return { tag: text.slice(0, at), digest: text.slice(at + 1) };
  return isValidDigest(text) ? { digest: text } : { tag: text };
}

/** Splits `name[:tag][@digest]`; a colon before the last slash is a registry port, not a tag. */
export function parseReference(text: string): ObservedImage {
  const at = text.indexOf("@");
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? text.slice(0, at) : text;
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > nameAndTag.lastIndexOf("/");
  const result: ObservedImage = { name: hasTag ? nameAndTag.slice(0, colon) : nameAndTag };
  if (hasTag) result.tag = nameAndTag.slice(colon + 1);
  if (digest !== undefined) result.digest = digest;
  return result;
}
