import type { TokenCredential } from "@azure/identity";
import { ConnectorClient } from "botframework-connector";
import { bearerCredentials } from "./bearerCredentials.js";
import { BOT_CONNECTOR_SCOPE } from "./scopes.js";

/** Opens the Bot Connector client for one conversation's service URL (the channel's regional endpoint). */
export type OpenConnector = (serviceUrl: string) => ConnectorClient;

export function connectorOpener(credential: TokenCredential): OpenConnector {
  const credentials = bearerCredentials(credential, BOT_CONNECTOR_SCOPE);
  return (serviceUrl) => new ConnectorClient(credentials, { baseUri: serviceUrl });
}
