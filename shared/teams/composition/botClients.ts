/**
 * The clients the Teams side needs, built from settings: the bot's client-credentials token
 * (Bot Connector audience: tenant `botframework.com` for a MultiTenant app, its own tenant for
 * SingleTenant), the Bot Connector opener, and Graph group membership with the same app
 * registration in the organisation's tenant. Shared by the messaging endpoint and the activities.
 */
import type { TokenCredential } from "@azure/identity";
import type { SecretSource } from "../../config/secrets.js";
import type { GroupMembership } from "../approvers/groupMembership.js";
import { graphGroupMembership } from "../approvers/graphGroupMembership.js";
import { clientCredentials } from "../connector/clientCredentials.js";
import { connectorOpener, type OpenConnector } from "../connector/connectorClient.js";
import type { TeamsSettings } from "../settings.js";

export interface BotClients {
  botCredential: TokenCredential;
  openConnector: OpenConnector;
  groups: GroupMembership;
}

export function botClients(settings: TeamsSettings, secrets: SecretSource, fetcher: typeof fetch = fetch): BotClients {
  const app = { loginUrl: settings.loginUrl, clientId: settings.appId, secrets, secretName: settings.appPasswordSecret, fetch: fetcher };
  const botTenant = settings.appType === "SingleTenant" && settings.tenantId ? settings.tenantId : "botframework.com";
  const botCredential = clientCredentials({ ...app, tenant: botTenant });
  const groups: GroupMembership = settings.tenantId
    ? graphGroupMembership({ baseUrl: settings.graphUrl, credential: clientCredentials({ ...app, tenant: settings.tenantId }), fetch: fetcher })
    : { memberGroups: () => Promise.reject(new Error("group approvers need BATON_TEAMS_TENANT_ID (the tenant whose groups are listed)")) };
  return { botCredential, openConnector: connectorOpener(botCredential), groups };
}
