import { createHash } from "node:crypto";

/**
 * The delivery id of a GitOps agent's report, which carries no id of its own: a retry resends
 * the same bytes to the same door, so the hash of the body identifies it. The cluster is part
 * of it because the body need not name the cluster (it comes from the path): two clusters
 * reporting the same object at the same revision send the same bytes, and both must count.
 */
export function bodyDeliveryId(cluster: string, body: Uint8Array): string {
  // A DNS label (or a name from the body) never holds a NUL, so cluster and body cannot blur.
  return createHash("sha256").update(cluster).update("\0").update(body).digest("hex");
}
