import { z } from "zod";

// OCI image-spec digest grammar: algorithm ":" encoded. Deliberately not "64 hex chars": the
// GitHub examples carry shortened digests and other algorithms are legal.
export const OCI_DIGEST = { pattern: /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, message: "not an OCI digest" };
export const ociDigest = z.string().regex(OCI_DIGEST.pattern, OCI_DIGEST.message);

// Docker tag grammar.
export const OCI_TAG = { pattern: /^[\w][\w.-]{0,127}$/, message: "not a valid image tag" };
export const ociTag = z.string().regex(OCI_TAG.pattern, OCI_TAG.message);

/** `ghcr.io/Acme/orders-api:1.4.2` → registry `ghcr.io`, repository `acme/orders-api`. */
export function splitImageReference(reference: string): { registry: string; repository: string } | undefined {
  const at = reference.indexOf("@");
  const withoutDigest = at < 0 ? reference : reference.slice(0, at);
  const slash = withoutDigest.indexOf("/");
  if (slash <= 0) return undefined;
  const registry = withoutDigest.slice(0, slash).toLowerCase();
  const rest = withoutDigest.slice(slash + 1);
  const colon = rest.lastIndexOf(":");
  const repository = (colon >= 0 ? rest.slice(0, colon) : rest).toLowerCase();
  return repository ? { registry, repository } : undefined;
}
