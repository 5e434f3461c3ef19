/**
 * The Bot Connector client signs each request through a `ServiceClientCredentials`; this one puts
 * a bearer token from any TokenCredential on it (ours: the bot's client-credentials token).
 */
import type { TokenCredential } from "@azure/identity";
import type { ConnectorClient } from "botframework-connector";

export type ServiceClientCredentials = ConstructorParameters<typeof ConnectorClient>[0];

export function bearerCredentials(credential: TokenCredential, scope: string): ServiceClientCredentials {
  return {
    async signRequest(webResource) {
      const token = await credential.getToken(scope);
      if (!token) throw new Error(`no token for ${scope}`);
      webResource.headers.set("authorization", `Bearer ${token.token}`);
      return webResource;
    },
  };
}
