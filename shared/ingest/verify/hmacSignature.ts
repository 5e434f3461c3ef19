import { createHmac, timingSafeEqual } from "node:crypto";
import { hmacKey } from "./hmacKey.js";

// Flux documents that the algorithm prefix may change, so accept every SHA-2 it could send
// (protocols.md 3.2), and sha1 which its receivers still accept.
const algorithms: Record<string, { node: string; hexLength: number }> = {
  sha1: { node: "sha1", hexLength: 40 },
  sha224: { node: "sha224", hexLength: 56 },
  sha256: { node: "sha256", hexLength: 64 },
  sha384: { node: "sha384", hexLength: 96 },
  sha512: { node: "sha512", hexLength: 128 },
};

export type SignatureCheck = "valid" | "mismatch" | "malformed";

/** Checks an `<algo>=<hex>` HMAC header (Flux `X-Signature`) over the raw body bytes. */
export function checkHmacSignature(header: string, body: Buffer, key: string): SignatureCheck {
  const match = /^([a-z0-9]+)=([0-9a-fA-F]+)$/.exec(header.trim());
  const algorithm = match ? algorithms[match[1]!.toLowerCase()] : undefined;
  if (!match || !algorithm || match[2]!.length !== algorithm.hexLength) return "malformed";
  const expected = createHmac(algorithm.node, hmacKey(key)).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex")) ? "valid" : "mismatch";
}
