import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { cardMessage, type RenderCard } from "../connector/cardActivity.js";
import type { OpenConnector } from "../connector/connectorClient.js";
import { connectorFailure } from "../connector/connectorFailure.js";

export interface UpdateApprovalCardDeps {
  openConnector: OpenConnector;
  renderCard: RenderCard;
}

/** Activity `updateApprovalCard`: replaces the posted card for everyone (`PUT .../activities/{id}`); idempotent. */
export function updateApprovalCardActivity(deps: UpdateApprovalCardDeps) {
  return async (input: ActivityInput<"updateApprovalCard">): Promise<ActivityOutput<"updateApprovalCard">> => {
    const { serviceUrl, conversationId, activityId } = input.posted;
    try {
      await (await deps.openConnector(serviceUrl)).updateActivity(conversationId, activityId, cardMessage(deps.renderCard(input.card), { id: activityId }));
      return null;
    } catch (error) {
      throw connectorFailure(`cannot update the approval card ${activityId} in ${conversationId}`, error);
    }
  };
}
