import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

/** Validates an `Authorization: Bearer` token, e.g. the one Event Grid sends with Entra delivery. */
export interface BearerTokenVerifier {
  verify(token: string): Promise<boolean>;
}

/**
 * Event Grid's first-party application ("Microsoft.EventGrid", the service principal Microsoft's
 * secure-webhook-delivery guide assigns the AzureEventGridSecureWebhookSubscriber role to). Tokens
 * it requests carry this id as `appid` (v1 tokens) or `azp` (v2).
 */
export const EVENT_GRID_APP_ID = "4962773b-9cdb-44cf-a8bf-237846a00ab7";

export interface EntraTokenOptions {
  tenantId: string;
  /** The application ID URI or client id Event Grid requests the token for. */
  audience: string;
  /**
   * Applications allowed to hold the token (`appid`/`azp`). Default: Event Grid's only. Issuer and
   * audience alone would admit any client of the tenant that can get a token for our audience.
   */
  authorizedParties?: readonly string[];
  /** Signing keys; defaults to the tenant's published JWKS (tests pass a local key set). */
  keys?: JWTVerifyGetKey;
}

/**
 * Entra ID (v1 or v2) access tokens: signature from the tenant's keys, issuer of that tenant,
 * our audience, not expired (5 minutes of clock skew, as Microsoft's own validators allow), and
 * requested by an authorized application (Event Grid's).
 */
export function createEntraTokenVerifier(options: EntraTokenOptions): BearerTokenVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${encodeURIComponent(options.tenantId)}/discovery/v2.0/keys`));
  const issuer = [`https://login.microsoftonline.com/${options.tenantId}/v2.0`, `https://sts.windows.net/${options.tenantId}/`];
  const parties = new Set((options.authorizedParties ?? [EVENT_GRID_APP_ID]).map((p) => p.toLowerCase()));
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, audience: options.audience, clockTolerance: 300 });
        const party = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : "";
        return parties.has(party.toLowerCase());
      } catch (error) {
        // A bad token is the client's problem (401); signing keys we cannot get are ours (503,
        // which Event Grid retries: it never retries a 401, so an Entra outage read as bad tokens
        // would drop every push made during it).
        if (keysUnavailable(error)) throw new Error("cannot validate bearer tokens: Entra signing keys unavailable", { cause: error });
        return false;
      }
    },
  };
}

/**
 * jose's remote key set reports a fetch that failed (network error, not 200, not JSON) with a
 * plain JOSEError or a non-JOSE error, a slow one with JWKSTimeout and a response that is no key
 * set with JWKSInvalid; every other JOSEError (signature, claims, unknown key id, ...) judges the
 * token.
 */
function keysUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error.constructor === errors.JOSEError || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid;
}
