import { createHash } from "node:crypto";

/**
 * The promotion instance id for a pipeline and image digest. Deterministic, so a duplicate or
 * redelivered event names the same instance and never starts a second one; limited to
 * `[a-z0-9-]` because it travels unencoded in Durable HTTP API URLs.
 */
export function promotionInstanceId(pipeline: string, digest: string): string {
  const plain = /^([a-z0-9]+):([a-f0-9]+)$/.exec(digest);
  const digestPart = plain ? `${plain[1]}-${plain[2]}` : `h-${createHash("sha256").update(digest).digest("hex")}`;
  return `promo-${pipeline}-${digestPart}`;
}
