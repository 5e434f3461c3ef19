import { createSecretKey, type KeyObject } from "node:crypto";

// Secrets change only on rotation, so a handful of values live for the life of the process; the
// bound only guards against a source that hands out a new value on every read.
const MAX_KEYS = 32;
const keys = new Map<string, KeyObject>();

/**
 * The HMAC key for a configured secret (UTF-8, as `createHmac(algorithm, string)` would use it),
 * built once per value instead of once per delivery. The value stays in this process's memory
 * only, like the secret source's own cache; it is never logged.
 */
export function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = createSecretKey(secret, "utf8");
    keys.set(secret, key);
  }
  return key;
}
