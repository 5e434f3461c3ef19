/**
 * Inbound authentication for `/api/messages`, done entirely by botframework-connector
 * (protocols.md 5.2): RS256/384/512 signature against keys from the channel OpenID metadata,
 * issuer, audience = our app id, expiry (5 minutes tolerance), the `serviceurl` claim equal to
 * the activity's serviceUrl, and the key's endorsements including the activity's channel.
 */
import type { TokenCredential } from "@azure/identity";
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { AuthenticationConfiguration, AuthenticationConstants, type BotFrameworkAuthentication } from "botframework-connector";
import type { TeamsSettings } from "../settings.js";
import { BotCredentialsFactory } from "./credentialsFactory.js";
import { channelTokensOnly } from "./channelTokensOnly.js";

export function createChannelAuthentication(settings: TeamsSettings, credential: TokenCredential): BotFrameworkAuthentication {
  const inner = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppType: settings.appType,
      MicrosoftAppTenantId: settings.tenantId ?? "",
      // Setting any of these makes the library take every one of them as given (no defaults),
      // so all are spelled out: the public cloud's values, with our metadata URL.
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    },
    new BotCredentialsFactory(settings.appId, credential),
    new AuthenticationConfiguration([]),
  );
  return channelTokensOnly(inner);
}
