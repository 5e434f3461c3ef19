/**
 * One card click, start to end: refresh shows the stage as it is; approve and reject go through
 * castCardVote. The outcome is the invoke answer for the person who clicked and, when a vote was
 * raised, the card to show everyone in the conversation.
 */
import type { AdaptiveCardInvokeResponse } from "@microsoft/agents-hosting";
import type { CardAction } from "./cardAction.js";
import type { CardActionDeps } from "./cardActionDeps.js";
import { cardModelOf } from "./cardModel.js";
import { castCardVote } from "./castCardVote.js";
import { cardAnswer, messageAnswer } from "./invokeAnswer.js";
import { readStageView } from "./stageView.js";
import { votesOn } from "./votes.js";

export interface CardOutcome {
  answer: AdaptiveCardInvokeResponse;
  /** The refreshed card for everyone (updateActivity on the posted message); only after a vote. */
  forEveryone?: object;
}

export async function handleCardAction(deps: CardActionDeps, action: CardAction): Promise<CardOutcome> {
  if (action.verb !== "refresh") return castCardVote(deps, action);
  const view = await readStageView(deps.client, action.promotionId, action.stage);
  if (!view) return { answer: messageAnswer(`Promotion ${action.promotionId} has no stage ${action.stage}.`) };
  const votes = await votesOn(deps.audit, view.promotionId, view.instanceId);
  return { answer: cardAnswer(deps.renderCard(cardModelOf(view, votes, deps.locate(view.promotionId)))) };
}
