/**
 * The approval card (issue 6, item 2): an Adaptive Card 1.5 for Teams that shows what a promotion
 * will do and lets approvers vote. Always under CARD_BUDGET_BYTES: lists and texts shrink step by
 * step until it fits.
 */
import { CARD_SCHEMA_URL, type AdaptiveCard } from "./adaptiveCard.js";
import { commentInput, links, refresh, voteActions } from "./approvalActions.js";
import { changeList, gateList, voteList } from "./approvalLists.js";
import { facts, fullDigest, header, outcome } from "./approvalSummary.js";
import { CARD_BUDGET_BYTES, cardSize } from "./cardSize.js";
import { SHRINK_STEPS, type CardLimits } from "./limits.js";
import type { ApprovalCardModel } from "./model.js";
import { clipForMarkdown } from "./text.js";

export type { AdaptiveCard } from "./adaptiveCard.js";
export { cardSize, CARD_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES } from "./cardSize.js";

function fallbackText(model: ApprovalCardModel): string {
  const what = `${model.pipeline} ${model.image.tag} to ${model.stage}`;
  return clipForMarkdown(model.state === "open" ? `Approval needed: promote ${what}` : `Promotion of ${what}: ${model.state}`, 200);
}

function render(model: ApprovalCardModel, limits: CardLimits): AdaptiveCard {
  const card: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA_URL,
    version: "1.5",
    fallbackText: fallbackText(model),
    msteams: { width: "Full" },
    body: [
      ...header(model, limits),
      ...outcome(model),
      facts(model, limits),
      fullDigest(model),
      ...changeList(model, limits),
      ...gateList(model, limits),
      ...voteList(model, limits),
      ...commentInput(model),
      links(model),
    ],
  };
  const refreshing = refresh(model);
  if (refreshing) card.refresh = refreshing;
  const actions = voteActions(model);
  if (actions.length > 0) card.actions = actions;
  return card;
}

export function buildApprovalCard(model: ApprovalCardModel): AdaptiveCard {
  let size = 0;
  for (const limits of SHRINK_STEPS) {
    const card = render(model, limits);
    size = cardSize(card);
    if (size <= CARD_BUDGET_BYTES) return card;
  }
  // Only the ids in the action data are never shortened (the bot needs them whole).
  throw new Error(
    `approval card for promotion ${model.promotionId.slice(0, 80)} is ${size} bytes even with every list trimmed, over the ${CARD_BUDGET_BYTES}-byte budget: promotionId or stage name is far too long`,
  );
}
