/**
 * The Bot Connector authentication rule the Agents SDK leaves out: the key that signed the
 * channel's token must be endorsed for the activity's channel. The channel service publishes each
 * signing key with `endorsements` (the channel ids it may sign for); a key endorsed only for Web
 * Chat must not vouch for an activity claiming `channelId: "msteams"`, or anyone who can get a
 * token from that channel could speak for Teams users.
 *
 * Run after the SDK accepted the token, on the raw token and the activity's `channelId`:
 * 1. the token's key is looked up by `kid` in the key set the SDK verified it against (the
 *    caller passes the SDK's own `buildJwksUri` for the verified issuer);
 * 2. the token's signature is verified again with that key (RS256, as the SDK allows), so the key
 *    whose endorsements are read is the one that signed, not just one with the same `kid`;
 * 3. its `endorsements` must include the channel id, exactly. A key without endorsements (Entra's
 *    keys, for tokens the SDK trusts from Microsoft's Entra issuers) endorses no channel.
 *
 * Key sets are cached per URL for 10 minutes, like the SDK's key client (jwks-rsa's default); a
 * `kid` not in the cached set fetches the set again (at most every 30 seconds: jose's cooldown),
 * which picks up a key the channel has just rotated in. Refusals say why without any token
 * content; a key set that cannot be fetched is our failure, thrown for the door's 503.
 */
import { compactVerify, createRemoteJWKSet, customFetch, errors, type FetchImplementation, type JWK } from "jose";

export type Endorsement = { endorsed: true } | { endorsed: false; reason: string };

export interface ChannelEndorsements {
  /** Whether `token` (already accepted by the SDK, issued by `issuer`) may speak for `channelId`. */
  check(token: string, issuer: string, channelId: string): Promise<Endorsement>;
}

export interface ChannelEndorsementOptions {
  /** Where the SDK takes the keys for a token of this issuer (its `buildJwksUri`). */
  keySetUrl(issuer: string): string;
  /** The key set fetch (httpsFetch in production). */
  fetch: FetchImplementation;
}

/** The SDK's key client caches a key for 10 minutes (jwks-rsa's default `cacheMaxAge`). */
const CACHE_MAX_AGE_MS = 10 * 60 * 1000;
/** Issuers are verified, so only a handful of key sets exist; the bound is for safety. */
const MAX_KEY_SETS = 8;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** jose errors that mean the token does not verify against the published keys: a refusal. */
const TOKEN_FAULTS = new Set([
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JWS_INVALID",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
]);

export function channelEndorsements(options: ChannelEndorsementOptions): ChannelEndorsements {
  const keySets = new Map<string, KeySet>();

  const keySetFor = (url: string): KeySet => {
    let keySet = keySets.get(url);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(url), { cacheMaxAge: CACHE_MAX_AGE_MS, [customFetch]: options.fetch });
      keySets.set(url, keySet);
      if (keySets.size > MAX_KEY_SETS) keySets.delete(keySets.keys().next().value!);
    }
    return keySet;
  };

  return {
    async check(token, issuer, channelId) {
      const keySet = keySetFor(options.keySetUrl(issuer));
      let kid: string | undefined;
      try {
        ({ protectedHeader: { kid } } = await compactVerify(token, keySet, { algorithms: ["RS256"] }));
      } catch (error) {
        if (error instanceof errors.JOSEError && TOKEN_FAULTS.has(error.code)) {
          return { endorsed: false, reason: error.code === "ERR_JWKS_NO_MATCHING_KEY" ? "its signing key is not in the channel's published keys" : "its signature does not verify against the channel's published key" };
        }
        throw new Error("cannot check channel endorsements: the channel's signing keys are unavailable", { cause: error });
      }
      if (kid === undefined) return { endorsed: false, reason: "it names no signing key (kid)" };
      const key = keySet.jwks()?.keys.find((k) => k.kid === kid && k.kty === "RSA");
      const endorsements = endorsementsOf(key);
      if (!endorsements.includes(channelId)) {
        return { endorsed: false, reason: `its signing key is not endorsed for channel ${JSON.stringify(channelId.slice(0, 64))}` };
      }
      return { endorsed: true };
    },
  };
}

/** The key's channel ids; none when the key has no `endorsements` or they are not strings. */
function endorsementsOf(key: JWK | undefined): string[] {
  const endorsements = (key as { endorsements?: unknown } | undefined)?.endorsements;
  return Array.isArray(endorsements) ? endorsements.filter((e): e is string => typeof e === "string") : [];
}
