import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { cardMessage, type RenderCard } from "../connector/cardActivity.js";
import type { OpenConnector } from "../connector/connectorClient.js";
import { connectorFailure } from "../connector/connectorFailure.js";

export interface PostApprovalCardDeps {
  openConnector: OpenConnector;
  renderCard: RenderCard;
}

/**
 * Activity `postApprovalCard`: a proactive message to the policy's Teams conversation through the
 * Bot Connector (`POST /v3/conversations/{id}/activities`). null when the policy names no
 * conversation. A retried activity may post a second card: the stage then updates the one it
 * recorded, and the other keeps working (votes go to the stage, not to the message).
 */
export function postApprovalCardActivity(deps: PostApprovalCardDeps) {
  return async (input: ActivityInput<"postApprovalCard">): Promise<ActivityOutput<"postApprovalCard">> => {
    const teams = input.policy.teams;
    if (!teams) return null;
    const activity = cardMessage(deps.renderCard(input.card), { channelData: { tenant: { id: teams.tenantId } } });
    try {
      const sent = await (await deps.openConnector(teams.serviceUrl)).sendToConversation(teams.conversationId, activity);
      if (!sent.id) throw new Error("the Bot Connector returned no activity id");
      return { serviceUrl: teams.serviceUrl, conversationId: teams.conversationId, activityId: sent.id };
    } catch (error) {
      throw connectorFailure(`cannot post the approval card of ${input.card.promotionId} to ${teams.conversationId}`, error);
    }
  };
}
