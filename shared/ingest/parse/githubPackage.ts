import type { ImagePublished } from "../model.js";
import { Fields } from "./fields.js";
import { OCI_DIGEST, OCI_TAG, splitImageReference } from "./oci.js";
import { ignored, type Ignored } from "./schema.js";

// `package` and the legacy `registry_package` carry the same object (protocols.md 2.2). Event
// payloads are 5-20 kB (repository, sender, owner...) of which Baton reads a dozen fields, so
// those fields are checked one by one, in this order, with the refusals a schema gives:
//   name (non-empty string), package_type, ecosystem, updated_at, owner.login (string),
//   registry.type, package_version { version (string), name, package_url, created_at, updated_at,
//   container_metadata { tag { name, digest }, manifest { digest, media_type },
//   labels { revision, all_labels (a map) } } }; every other field optional (null or absent).
interface PackageObject {
  name: string;
  package_type?: string | undefined;
  ecosystem?: string | undefined;
  updated_at?: string | undefined;
  owner?: { login: string } | undefined;
  registry?: { type?: string | undefined } | undefined;
  package_version?: PackageVersion | undefined;
}

interface PackageVersion {
  version: string;
  package_url?: string | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
  tag?: { name?: string | undefined; digest?: string | undefined } | undefined;
  mediaType?: string | undefined;
  labels?: { revision?: string | undefined; all_labels?: Record<string, unknown> | undefined } | undefined;
}

const fields = new Fields("package event");

function readPackage(value: unknown): PackageObject {
  const p = fields.object(value, "");
  const name = fields.nonEmpty(p["name"], "name");
  const packageType = fields.string(p["package_type"], "package_type", true);
  const ecosystem = fields.string(p["ecosystem"], "ecosystem", true);
  const updatedAt = fields.string(p["updated_at"], "updated_at", true);
  const ownerObject = fields.object(p["owner"], "owner", true);
  const owner = ownerObject && { login: fields.string(ownerObject["login"], "owner.login") };
  const registryObject = fields.object(p["registry"], "registry", true);
  const registry = registryObject && { type: fields.string(registryObject["type"], "registry.type", true) };
  const versionObject = fields.object(p["package_version"], "package_version", true);
  return {
    name,
    package_type: packageType,
    ecosystem,
    updated_at: updatedAt,
    owner,
    registry,
    package_version: versionObject && readVersion(versionObject),
  };
}

function readVersion(v: Record<string, unknown>): PackageVersion {
  const at = "package_version";
  const version = fields.string(v["version"], `${at}.version`);
  fields.string(v["name"], `${at}.name`, true);
  const packageUrl = fields.string(v["package_url"], `${at}.package_url`, true);
  const createdAt = fields.string(v["created_at"], `${at}.created_at`, true);
  const updatedAt = fields.string(v["updated_at"], `${at}.updated_at`, true);
  const metadata = fields.object(v["container_metadata"], `${at}.container_metadata`, true);
  const read: PackageVersion = { version, package_url: packageUrl, created_at: createdAt, updated_at: updatedAt };
  if (!metadata) return read;
  const m = `${at}.container_metadata`;
  const tag = fields.object(metadata["tag"], `${m}.tag`, true);
  if (tag) read.tag = { name: fields.string(tag["name"], `${m}.tag.name`, true), digest: fields.string(tag["digest"], `${m}.tag.digest`, true) };
  const manifest = fields.object(metadata["manifest"], `${m}.manifest`, true);
  if (manifest) {
    fields.string(manifest["digest"], `${m}.manifest.digest`, true);
    read.mediaType = fields.string(manifest["media_type"], `${m}.manifest.media_type`, true);
  }
  const labels = fields.object(metadata["labels"], `${m}.labels`, true);
  if (labels) read.labels = { revision: fields.string(labels["revision"], `${m}.labels.revision`, true), all_labels: fields.record(labels["all_labels"], `${m}.labels.all_labels`) };
  return read;
}

export interface PackageContext {
  deliveryId: string;
  /** When the delivery arrived: the publish time when the payload carries none. */
  receivedAt: string;
  /** The login that caused the event (the payload's `sender`). */
  sender?: string;
}

/** A GHCR `package`/`registry_package` published event as an ImagePublished, or why not. */
export function imageFromPackageEvent(pkg: unknown, context: PackageContext): ImagePublished | Ignored {
  const p = readPackage(pkg);
  // Casing differs between webhooks and the REST API, and the examples mix package_type and
  // ecosystem, so any of the three saying "container" (or "docker") is enough.
  if (!isContainerKind(p.package_type) && !isContainerKind(p.ecosystem) && !isContainerKind(p.registry?.type)) return ignored(`package ${p.name} is not a container image`);
  const version = p.package_version;
  if (!version) return ignored(`package ${p.name} event has no package_version`);
  const tag = version.tag?.name ?? "";
  // GHCR sends one event per manifest of a multi-arch push; the platform manifests come untagged.
  // Promote the tagged image only, by the digest the tag points to, so every event for it maps to
  // one (pipeline, digest).
  if (!tag) return ignored(`untagged manifest ${version.version} of ${p.name} (a platform of a multi-arch image)`);
  TAG_FIELDS.matching(tag, "body", OCI_TAG.pattern, OCI_TAG.message);
  const digest = DIGEST_FIELDS.matching(version.tag?.digest || version.version, "body", OCI_DIGEST.pattern, OCI_DIGEST.message);
  const where = (version.package_url && splitImageReference(version.package_url)) || {
    registry: "ghcr.io",
    repository: `${p.owner?.login ?? ""}/${p.name}`.replace(/^\//, "").toLowerCase(),
  };
  const mediaType = version.mediaType;
  const revision = revisionLabel(version.labels);
  return {
    kind: "image.published",
    registry: where.registry,
    repository: where.repository,
    tag,
    digest,
    ...(mediaType ? { mediaType } : {}),
    publishedAt: realTime(version.updated_at) ?? realTime(version.created_at) ?? realTime(p.updated_at) ?? context.receivedAt,
    source: "github-package",
    deliveryId: context.deliveryId,
    ...(context.sender ? { publishedBy: [context.sender] } : {}),
    ...(revision ? { revision } : {}),
  };
}

// The refusals parseWith(ociTag / ociDigest, value, what) gives, whose path is the whole value.
const TAG_FIELDS = new Fields("package event package_version.container_metadata.tag.name");
const DIGEST_FIELDS = new Fields("package event digest");

const REVISION_LABEL = "org.opencontainers.image.revision";

/** The image's source-commit label: GitHub copies it to `labels.revision` and keeps it in `all_labels`. */
function revisionLabel(labels: { revision?: string | null; all_labels?: Record<string, unknown> | null } | null | undefined): string | undefined {
  const all = labels?.all_labels?.[REVISION_LABEL];
  const value = labels?.revision || (typeof all === "string" ? all : "");
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 200 ? trimmed : undefined;
}

// GitHub fills unknown version times with "0001-01-01T00:00:00Z".
function realTime(time: string | null | undefined): string | undefined {
  return time && !time.startsWith("0001-") ? time : undefined;
}

function isContainerKind(kind: string | undefined): boolean {
  const k = (kind ?? "").toLowerCase();
  return k === "container" || k === "docker";
}
