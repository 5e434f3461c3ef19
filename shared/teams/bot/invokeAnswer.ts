/**
 * Answers to an `adaptiveCard/action` invoke (protocols.md 5.1 response contract): the refreshed
 * card, a message that says why nothing happened, or an error for a malformed invoke.
 */
import type { AdaptiveCardInvokeResponse } from "@microsoft/agents-hosting";
import { ADAPTIVE_CARD_TYPE } from "../connector/cardActivity.js";

export function cardAnswer(card: object): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_TYPE, value: card as Record<string, unknown> };
}

/** A refusal shown on the card: HTTP 200, so Teams displays the text instead of a generic error. */
export function messageAnswer(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text as unknown as Record<string, unknown> };
}

export function errorAnswer(statusCode: 400, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message } };
}
