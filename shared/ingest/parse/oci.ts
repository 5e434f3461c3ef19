import { z } from "zod";

// OCI image-spec digest grammar: algorithm ":" encoded. Deliberately not "64 hex chars": the
// GitHub examples carry shortened digests and other algorithms are legal.
export const ociDigest = z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, "not an OCI digest");

// Docker tag grammar.
export const ociTag = z.string().regex(/^[\w][\w.-]{0,127}$/, "not a valid image tag");

/** `ghcr.io/Acme/orders-api:1.4.2` → registry `ghcr.io`, repository `acme/orders-api`. */
export function splitImageReference(reference: string): { registry: string; repository: string } | undefined {
  const withoutDigest = reference.split("@")[0]!;
  const slash = withoutDigest.indexOf("/");
  if (slash <= 0) return undefined;
  const registry = withoutDigest.slice(0, slash).toLowerCase();
  const rest = withoutDigest.slice(slash + 1);
  const colon = rest.lastIndexOf(":");
  const repository = (colon >= 0 ? rest.slice(0, colon) : rest).toLowerCase();
  return repository ? { registry, repository } : undefined;
}
