/** The message activity that carries an approval card (Bot Framework REST: Activity with one attachment). */
import type { Activity } from "botbuilder";
import type { ApprovalCardModel } from "../cards/model.js";

/** Renders the card model into Adaptive Card JSON (shared/teams/cards/approvalCard.ts). */
export type RenderCard = (model: ApprovalCardModel) => object;

/** The attachment content type of an Adaptive Card (botbuilder types its own constant as `any`). */
export const ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive";

export function cardMessage(card: object, extra: Partial<Activity> = {}): Partial<Activity> {
  return { ...extra, type: "message", attachments: [{ contentType: ADAPTIVE_CARD_TYPE, content: card }] };
}
