/** The message activity that carries an approval card (Bot Framework REST: Activity with one attachment). */
import type { ApprovalCardModel } from "../cards/model.js";

/** Renders the card model into Adaptive Card JSON (shared/teams/cards/approvalCard.ts). */
export type RenderCard = (model: ApprovalCardModel) => object;

/** The attachment content type of an Adaptive Card. */
export const ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive";

/** An outgoing message as plain JSON; the connector turns it into the SDK's Activity. */
export interface CardMessage {
  type: "message";
  id?: string;
  channelData?: Record<string, unknown>;
  attachments: { contentType: string; content: object }[];
}

export function cardMessage(card: object, extra: Pick<CardMessage, "id" | "channelData"> = {}): CardMessage {
  return { ...extra, type: "message", attachments: [{ contentType: ADAPTIVE_CARD_TYPE, content: card }] };
}
