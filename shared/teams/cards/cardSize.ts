/**
 * How big a card is on the wire. Teams refuses messages over about 28 KB, envelope included, and
 * one library measured the practical limit nearer 21 KB (protocols.md 5.4), so cards aim lower.
 */
import type { AdaptiveCard } from "./adaptiveCard.js";

/** Teams' documented limit for a whole message. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** What a card may take, leaving room for the activity or webhook envelope around it. */
export const CARD_BUDGET_BYTES = 20 * 1024;

/** UTF-8 bytes of the serialized card. */
export function cardSize(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}
