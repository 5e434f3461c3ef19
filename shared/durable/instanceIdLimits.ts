import { createHash } from "node:crypto";

/**
 * The Durable Task Scheduler refuses instance ids longer than 100 characters; every id Baton
 * makes (promotions, stages) stays within this, whatever the backend.
 */
export const MAX_INSTANCE_ID_LENGTH = 100;

/** Hex digits of the hash that stands in for a cut-off part: 96 bits, far beyond any collision risk. */
const HASH_HEX = 24;

/** A short, deterministic stand-in for `parts`; the JSON encoding keeps ["a-", "b"] and ["a", "-b"] apart. */
export function idHash(...parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, HASH_HEX);
}

export const ID_HASH_LENGTH = HASH_HEX;
