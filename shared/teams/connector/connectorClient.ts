/**
 * The Bot Connector as the card activities use it: the Agents SDK's ConnectorClient for one
 * conversation's service URL (the channel's regional endpoint), signed with the bot's token.
 * The SDK is imported on first use, so only a process that posts cards loads it (issue 13).
 */
import type { TokenCredential } from "@azure/identity";
import type { CardMessage } from "./cardActivity.js";
import { BOT_CONNECTOR_SCOPE } from "./scopes.js";

export interface BotConnector {
  /** `POST /v3/conversations/{id}/activities`: the id of the posted activity. */
  sendToConversation(conversationId: string, message: CardMessage): Promise<{ id?: string }>;
  /** `PUT /v3/conversations/{id}/activities/{activityId}`. */
  updateActivity(conversationId: string, activityId: string, message: CardMessage): Promise<void>;
}

export type OpenConnector = (serviceUrl: string) => Promise<BotConnector>;

export function connectorOpener(credential: TokenCredential): OpenConnector {
  return async (serviceUrl) => {
    const [{ ConnectorClient }, { Activity }] = await Promise.all([import("@microsoft/agents-hosting"), import("@microsoft/agents-activity")]);
    const token = await credential.getToken(BOT_CONNECTOR_SCOPE);
    if (!token) throw new Error(`no token for ${BOT_CONNECTOR_SCOPE}`);
    const client = ConnectorClient.createClientWithToken(serviceUrl, token.token);
    return {
      sendToConversation: (conversationId, message) => client.sendToConversation(conversationId, Activity.fromObject(message)),
      async updateActivity(conversationId, activityId, message) {
        await client.updateActivity(conversationId, activityId, Activity.fromObject(message));
      },
    };
  };
}
