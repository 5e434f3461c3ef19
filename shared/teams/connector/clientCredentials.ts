/**
 * OAuth 2.0 client-credentials tokens for the bot's Entra app (RFC 6749 section 4.4, the Entra v2
 * token endpoint `<login>/<tenant>/oauth2/v2.0/token`). MSAL, which the Agents SDK uses,
 * refuses any authority that is not https, so the endpoint could never point at a loopback fake;
 * this small client keeps the endpoint a setting. Tokens are cached per scope until shortly
 * before they expire. The secret is read per request from the SecretSource (rotation) and never
 * appears in an error.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import type { SecretSource } from "../../config/secrets.js";

export interface ClientCredentialsOptions {
  /** Authority host, e.g. `https://login.microsoftonline.com`. */
  loginUrl: string;
  tenant: string;
  clientId: string;
  secrets: SecretSource;
  secretName: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Renew this long before expiry, so a token never runs out in flight. */
const EARLY_RENEWAL_MS = 5 * 60_000;

export function clientCredentials(options: ClientCredentialsOptions): TokenCredential {
  const cache = new Map<string, AccessToken>();
  const now = options.now ?? Date.now;
  const endpoint = `${options.loginUrl}/${encodeURIComponent(options.tenant)}/oauth2/v2.0/token`;
  return {
    async getToken(scopes) {
      const scope = [scopes].flat().join(" ");
      const cached = cache.get(scope);
      if (cached && cached.expiresOnTimestamp - EARLY_RENEWAL_MS > now()) return cached;
      const secret = await options.secrets.get(options.secretName);
      if (!secret) throw new Error(`the bot's app password is not configured: set the secret ${options.secretName}`);
      const token = await requestToken(options.fetch ?? fetch, endpoint, { clientId: options.clientId, secret, scope }, now);
      cache.set(scope, token);
      return token;
    },
  };
}

async function requestToken(
  fetcher: typeof fetch,
  endpoint: string,
  request: { clientId: string; secret: string; scope: string },
  now: () => number,
): Promise<AccessToken> {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: request.clientId, client_secret: request.secret, scope: request.scope });
  let response: Response;
  try {
    response = await fetcher(endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  } catch (error) {
    throw new Error(`cannot reach the token endpoint ${endpoint}`, { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
  if (!response.ok || typeof answer.access_token !== "string") {
    // Entra's error code (invalid_client, unauthorized_client, ...) names the fix; the description may echo input.
    const code = typeof answer.error === "string" ? answer.error : "no access_token";
    throw new Error(`token request for app ${request.clientId} at ${endpoint} failed: HTTP ${response.status} ${code}; check the app id, tenant and app password`);
  }
  const seconds = Number(answer.expires_in);
  return { token: answer.access_token, expiresOnTimestamp: now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000 };
}
