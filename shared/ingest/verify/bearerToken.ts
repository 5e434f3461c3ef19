import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

/** Validates an `Authorization: Bearer` token, e.g. the one Event Grid sends with Entra delivery. */
export interface BearerTokenVerifier {
  verify(token: string): Promise<boolean>;
}

export interface EntraTokenOptions {
  tenantId: string;
  /** The application ID URI or client id Event Grid requests the token for. */
  audience: string;
  /** Signing keys; defaults to the tenant's published JWKS (tests pass a local key set). */
  keys?: JWTVerifyGetKey;
}

/**
 * Entra ID (v1 or v2) access tokens: signature from the tenant's keys, issuer of that tenant,
 * our audience, not expired (5 minutes of clock skew, as Microsoft's own validators allow).
 */
export function createEntraTokenVerifier(options: EntraTokenOptions): BearerTokenVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${encodeURIComponent(options.tenantId)}/discovery/v2.0/keys`));
  const issuer = [`https://login.microsoftonline.com/${options.tenantId}/v2.0`, `https://sts.windows.net/${options.tenantId}/`];
  return {
    async verify(token) {
      try {
        await jwtVerify(token, keys, { issuer, audience: options.audience, clockTolerance: 300 });
        return true;
      } catch (error) {
        // A bad token is the client's problem; unreachable signing keys are ours (retryable).
        if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return false;
        throw new Error("cannot validate bearer tokens: Entra signing keys unavailable", { cause: error });
      }
    },
  };
}
