import { createHash } from "node:crypto";

/**
 * Azure Tables forbids `/ \ # ?` and control characters in keys and limits them to 1 KiB (512
 * UTF-16 characters; Azurite enforces the same), while delivery ids, repository names and Flux
 * object paths are arbitrary. base64url is reversible and safe; it is used when the *encoded* key
 * fits with room for a short prefix (`p.`, `t.`), otherwise the value is hashed. The threshold
 * applies after encoding because UTF-8 and base64 both grow the text (384 ASCII characters
 * already encode to 512).
 */
export const MAX_ENCODED_KEY = 480;

export function tableKey(value: string): string {
  const encoded = Buffer.from(value, "utf8").toString("base64url");
  return encoded.length <= MAX_ENCODED_KEY ? encoded : `h.${createHash("sha256").update(value).digest("hex")}`;
}
