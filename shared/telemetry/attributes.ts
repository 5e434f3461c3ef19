/**
 * Span and log attribute names. Baton's own under `baton.`; OpenTelemetry semantic conventions
 * where one exists (container image, OCI digest, VCS revision, HTTP). Values are names, ids and
 * outcomes only: never a secret, a token, a URL with credentials or a request body.
 */
import type { Attributes } from "@opentelemetry/api";
import type { TraceCarrier } from "./carrier.js";

export const ATTR = {
  promotionId: "baton.promotion.id",
  pipeline: "baton.pipeline",
  stage: "baton.stage",
  activity: "baton.activity",
  step: "baton.step",
  outcome: "baton.outcome",
  /** Why a step or stage failed (Application Insights keeps no span status message: this is it). */
  reason: "baton.reason",
  gate: "baton.gate",
  decision: "baton.approval.decision",
  /** What a door did with a delivery (started, exists, refused...). */
  delivery: "baton.delivery",
  imageName: "container.image.name",
  imageTags: "container.image.tags",
  digest: "oci.manifest.digest",
  revision: "vcs.ref.head.revision",
} as const;

/** The promotion's identity on every span and log it causes. */
export function promotionAttributes(c: TraceCarrier): Attributes {
  const at = c.image.lastIndexOf(":");
  const slash = c.image.lastIndexOf("/");
  const [name, tag] = at > slash ? [c.image.slice(0, at), c.image.slice(at + 1)] : [c.image, undefined];
  return {
    [ATTR.promotionId]: c.promotionId,
    [ATTR.pipeline]: c.pipeline,
    [ATTR.imageName]: name,
    ...(tag ? { [ATTR.imageTags]: [tag] } : {}),
    [ATTR.digest]: c.digest,
    ...(c.stage ? { [ATTR.stage]: c.stage } : {}),
  };
}
