import { z } from "zod";
import type { ImagePublished } from "../model.js";
import { ociDigest, ociTag, splitImageReference } from "./oci.js";
import { ignored, parseWith, type Ignored } from "./schema.js";

const nullableString = z.string().nullish();

// `package` and the legacy `registry_package` carry the same object (protocols.md 2.2).
const packageObject = z.object({
  name: z.string().min(1),
  package_type: nullableString,
  ecosystem: nullableString,
  updated_at: nullableString,
  owner: z.object({ login: z.string() }).nullish(),
  registry: z.object({ type: nullableString }).nullish(),
  package_version: z
    .object({
      version: z.string(),
      name: nullableString,
      package_url: nullableString,
      created_at: nullableString,
      updated_at: nullableString,
      container_metadata: z
        .object({
          tag: z.object({ name: nullableString, digest: nullableString }).nullish(),
          manifest: z.object({ digest: nullableString, media_type: nullableString }).nullish(),
          labels: z.object({ revision: nullableString, all_labels: z.record(z.string(), z.unknown()).nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export interface PackageContext {
  deliveryId: string;
  /** When the delivery arrived: the publish time when the payload carries none. */
  receivedAt: string;
  /** The login that caused the event (the payload's `sender`). */
  sender?: string;
}

/** A GHCR `package`/`registry_package` published event as an ImagePublished, or why not. */
export function imageFromPackageEvent(pkg: unknown, context: PackageContext): ImagePublished | Ignored {
  const p = parseWith(packageObject, pkg, "package event");
  // Casing differs between webhooks and the REST API, and the examples mix package_type and
  // ecosystem, so any of the three saying "container" (or "docker") is enough.
  const kinds = [p.package_type, p.ecosystem, p.registry?.type].map((k) => (k ?? "").toLowerCase());
  if (!kinds.some((k) => k === "container" || k === "docker")) return ignored(`package ${p.name} is not a container image`);
  const version = p.package_version;
  if (!version) return ignored(`package ${p.name} event has no package_version`);
  const tag = version.container_metadata?.tag?.name ?? "";
  // GHCR sends one event per manifest of a multi-arch push; the platform manifests come untagged.
  // Promote the tagged image only, by the digest the tag points to, so every event for it maps to
  // one (pipeline, digest).
  if (!tag) return ignored(`untagged manifest ${version.version} of ${p.name} (a platform of a multi-arch image)`);
  parseWith(ociTag, tag, "package event package_version.container_metadata.tag.name");
  const digest = parseWith(ociDigest, version.container_metadata?.tag?.digest || version.version, "package event digest");
  const where = (version.package_url && splitImageReference(version.package_url)) || {
    registry: "ghcr.io",
    repository: `${p.owner?.login ?? ""}/${p.name}`.replace(/^\//, "").toLowerCase(),
  };
  const mediaType = version.container_metadata?.manifest?.media_type;
  const revision = revisionLabel(version.container_metadata?.labels);
  return {
    kind: "image.published",
    registry: where.registry,
    repository: where.repository,
    tag,
    digest,
    ...(mediaType ? { mediaType } : {}),
    publishedAt: firstRealTime([version.updated_at, version.created_at, p.updated_at]) ?? context.receivedAt,
    source: "github-package",
    deliveryId: context.deliveryId,
    ...(context.sender ? { publishedBy: [context.sender] } : {}),
    ...(revision ? { revision } : {}),
  };
}

const REVISION_LABEL = "org.opencontainers.image.revision";

/** The image's source-commit label: GitHub copies it to `labels.revision` and keeps it in `all_labels`. */
function revisionLabel(labels: { revision?: string | null; all_labels?: Record<string, unknown> | null } | null | undefined): string | undefined {
  const all = labels?.all_labels?.[REVISION_LABEL];
  const value = labels?.revision || (typeof all === "string" ? all : "");
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 200 ? trimmed : undefined;
}

// GitHub fills unknown version times with "0001-01-01T00:00:00Z".
function firstRealTime(candidates: (string | null | undefined)[]): string | undefined {
  return candidates.find((t): t is string => !!t && !t.startsWith("0001-"));
}
