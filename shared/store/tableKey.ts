import { createHash } from "node:crypto";

/**
 * Azure Tables forbids `/ \ # ?` and control characters in keys and limits them to 1 KiB, while
 * delivery ids, repository names and Flux object paths are arbitrary. base64url is reversible and
 * safe; very long values are hashed instead.
 */
export function tableKey(value: string): string {
  return value.length <= 512 ? Buffer.from(value, "utf8").toString("base64url") : `h.${createHash("sha256").update(value).digest("hex")}`;
}
