/**
 * The Agents SDK's CloudAdapter as Baton runs it. Loaded only by the Teams composition roots
 * (`await import`), so no other function pays for the SDK at cold start (issue 13).
 *
 * - Inbound: `authorizeRequest` is the SDK's JWT validation (authConfiguration.ts); `process`
 *   checks the activity (type, conversation id: 400) and the token's `serviceurl` claim against
 *   the activity's service URL (validateServiceUrl: 400 on a mismatch), then runs the bot.
 * - Outbound: the turn's Bot Connector client is the SDK's ConnectorClient with the bot's token
 *   from our client-credentials provider (the app password comes through Baton's secret source,
 *   so a Key Vault rotation is picked up; MSAL would need it at construction).
 * - A failing turn is not turned into chat messages ("The agent encountered an error"): the
 *   error reaches the door, which answers 503.
 */
import type { Activity } from "@microsoft/agents-activity";
import { CloudAdapter, ConnectorClient, type HeaderPropagationCollection } from "@microsoft/agents-hosting";
import type { TokenCredential } from "@azure/identity";
import { BOT_CONNECTOR_SCOPE } from "../connector/scopes.js";
import type { TeamsSettings } from "../settings.js";
import { authConfiguration } from "./authConfiguration.js";

export class BotAdapter extends CloudAdapter {
  constructor(
    settings: TeamsSettings,
    private readonly credential: TokenCredential,
  ) {
    super(authConfiguration(settings), undefined, undefined, { validateServiceUrl: true, emitStackTrace: false });
    this.onTurnError = (_context, error) => Promise.reject(error);
  }

  protected override async createConnectorClientWithIdentity(_identity: unknown, activity: Activity, headers?: HeaderPropagationCollection): Promise<ConnectorClient> {
    const token = await this.credential.getToken(BOT_CONNECTOR_SCOPE);
    if (!token) throw new Error(`no token for ${BOT_CONNECTOR_SCOPE}`);
    return ConnectorClient.createClientWithToken(activity.serviceUrl ?? "", token.token, headers);
  }
}
