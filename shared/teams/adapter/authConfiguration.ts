/**
 * What the Agents SDK needs to validate a channel token (its `authorizeJWT`, run by
 * CloudAdapter.authorizeRequest): our app id as the audience, the tenant, and issuer validation
 * switched on. The SDK then checks the RS256 signature against the Bot Framework channel's keys
 * (issuer `https://api.botframework.com`) or Entra's keys (Microsoft's first-party issuers, and
 * our tenant's), audience, expiry with 5 minutes of skew, and the issuer. `authorityEndpoint`
 * is where Entra's keys are found (`<authority>/<tenant>/discovery/v2.0/keys`).
 */
import type { AuthConfiguration } from "@microsoft/agents-hosting";
import type { TeamsSettings } from "../settings.js";

/** The issuer of the tokens the Bot Framework channel service (Teams) sends to a bot. */
export const CHANNEL_TOKEN_ISSUER = "https://api.botframework.com";

export function authConfiguration(settings: TeamsSettings): AuthConfiguration {
  return {
    clientId: settings.appId,
    // A MultiTenant bot's outbound tokens come from `botframework.com`; inbound tokens are the
    // channel's in both cases.
    tenantId: settings.appType === "SingleTenant" ? settings.tenantId : "botframework.com",
    authorityEndpoint: settings.loginUrl,
    issuers: [CHANNEL_TOKEN_ISSUER],
    validateIssuer: true,
  };
}
