import { createHmac, timingSafeEqual } from "node:crypto";
import { hmacKey } from "./hmacKey.js";

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>` (GitHub's documented
 * scheme, and its published test vector in test/ingest/signing.test.ts) over the raw body bytes,
 * against the current secret and then each additional (previous) one, so a secret can be rotated
 * without dropping deliveries. Compared in constant time on the digest bytes; a header that is
 * not exactly `sha256=` and 64 hex digits is a mismatch. Only SHA-256: the legacy SHA-1
 * `X-Hub-Signature` is never accepted.
 */
export class GitHubSignatureVerifier {
  verify(body: Buffer, signature: string, secrets: readonly string[]): boolean {
    const match = HEADER.exec(signature.trim());
    if (!match) return false;
    const presented = Buffer.from(match[1]!, "hex");
    for (const secret of secrets) {
      if (timingSafeEqual(createHmac("sha256", hmacKey(secret)).update(body).digest(), presented)) return true;
    }
    return false;
  }
}
