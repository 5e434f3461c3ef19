// Signing keys of a fake Bot Framework channel service, generated at test time, and the OpenID
// metadata that publishes them (`/v1/.well-known/openidconfiguration` -> `jwks_uri`
// `/v1/.well-known/keys`), each key with its channel `endorsements` as the real document has
// them. The Agents SDK reads the keys from https://login.botframework.com/v1/.well-known/keys
// (hard-coded), so serving them routes that host to this loopback server (hostRoute.ts) until
// close().
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from "jose";
import { routeHttpsHost } from "./hostRoute.js";
import { startLoopback, type Loopback } from "./loopback.js";

export const CHANNEL_KEYS_HOST = "login.botframework.com";

export interface ChannelKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK & { endorsements: string[] };
}

export async function channelKey(kid: string, endorsements: string[]): Promise<ChannelKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, jwk: { ...jwk, kid, kty: "RSA", use: "sig", endorsements } };
}

export interface OpenIdMetadataServer extends Loopback {
  /** The channel's OpenID metadata on this server. */
  readonly metadataUrl: string;
}

export async function serveOpenIdMetadata(keys: readonly ChannelKey[]): Promise<OpenIdMetadataServer> {
  const server = await startLoopback((request, origin) => {
    if (request.method !== "GET") return { status: 405 };
    if (request.path === "/v1/.well-known/openidconfiguration") {
      return {
        status: 200,
        json: {
          issuer: "https://api.botframework.com",
          authorization_endpoint: "https://invalid.botframework.com",
          jwks_uri: `${origin}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        },
      };
    }
    if (request.path === "/v1/.well-known/keys") return { status: 200, json: { keys: keys.map((k) => k.jwk) } };
    return { status: 404 };
  });
  const unroute = routeHttpsHost(CHANNEL_KEYS_HOST, server.origin);
  return {
    ...server,
    metadataUrl: `${server.origin}/v1/.well-known/openidconfiguration`,
    async close() {
      unroute();
      await server.close();
    },
  };
}
