// Tokens as the Bot Framework channel service sends them to a bot (protocols.md 5.2): RS256,
// `iss: https://api.botframework.com`, `aud: <bot app id>`, the `serviceurl` claim, an expiry.
import { SignJWT } from "jose";
import type { ChannelKey } from "./channelKeys.js";

export const CHANNEL_ISSUER = "https://api.botframework.com";

export interface ChannelTokenClaims {
  audience: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
}

export function channelToken(key: ChannelKey, claims: ChannelTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ serviceurl: claims.serviceUrl })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuer(claims.issuer ?? CHANNEL_ISSUER)
    .setAudience(claims.audience)
    .setNotBefore(now - 60)
    .setIssuedAt(now - 60)
    .setExpirationTime(claims.expiresAt ?? now + 3600)
    .sign(key.privateKey);
}

/** The same claims with `alg: none` and no signature: what a forger sends. */
export function unsignedToken(kid: string, claims: ChannelTokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const payload = { iss: claims.issuer ?? CHANNEL_ISSUER, aud: claims.audience, serviceurl: claims.serviceUrl, nbf: now - 60, exp: claims.expiresAt ?? now + 3600 };
  return `${part({ alg: "none", kid, typ: "JWT" })}.${part(payload)}.`;
}
