/**
 * Reads manifests and blobs from Azure Container Registry with the app's Entra identity, over the
 * OCI distribution API (GET /v2/<name>/manifests/<digest>, GET /v2/<name>/blobs/<digest>). ACR's
 * token exchange turns the identity's Entra token into a registry token: POST /oauth2/exchange
 * (Entra access token -> ACR refresh token), POST /oauth2/token (refresh token -> an access token
 * scoped to `repository:<name>:pull`). Role needed: AcrPull on the registry.
 *
 * Our own small client, not @azure/container-registry: reads go through Baton's outbound guard
 * (one checked connection per request, shared/net), and the SDK's bearer policy refuses plain
 * http, which the loopback fake in the tests speaks. Everything read is bounded and verified: a
 * manifest or blob is accepted only when the sha256 (or sha512) of its bytes equals its digest.
 */
import { createHash } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import { OutboundRefusedError } from "../net/outboundGuard.js";
import { RegistryError } from "./errors.js";

/** The Entra audience ACR's token exchange accepts whatever the registry's authentication-as-arm setting. */
export const ACR_TOKEN_SCOPE = "https://containerregistry.azure.net/.default";

/** Manifest types Baton understands, in the Accept header (else ACR may convert to schema 1). */
export const MANIFEST_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
] as const;

/** OCI distribution asks registries to accept manifests up to 4 MiB; nothing Baton reads is bigger. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;
// ACR refresh tokens live about 3 hours and access tokens 75 minutes: reuse them well inside that.
const TOKEN_REUSE_MS = 10 * 60_000;

export interface RegistryContent {
  bytes: Buffer;
  /** The Content-Type the registry answered with (a manifest's media type). */
  contentType: string;
}

export interface RegistryReader {
  manifest(registry: string, repository: string, digest: string): Promise<RegistryContent>;
  blob(registry: string, repository: string, digest: string, maxBytes: number): Promise<RegistryContent>;
}

export interface AcrReaderDeps {
  /** The outbound-guarded fetch for the registry hosts Baton may read (acrReaderRoot.ts). */
  fetch: typeof fetch;
  credential: TokenCredential;
  now?: () => number;
}

interface Cached {
  token: string;
  until: number;
}

export function createAcrReader(deps: AcrReaderDeps): RegistryReader {
  const now = deps.now ?? Date.now;
  const refreshTokens = new Map<string, Cached>();
  const accessTokens = new Map<string, Cached>();

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await deps.fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw new RegistryError("refused", `${what}: ${error.message}`);
      throw new RegistryError("unavailable", `${what}: the registry could not be reached (${error instanceof Error ? error.name : "error"})`);
    }
  }

  async function form(registry: string, path: string, fields: Record<string, string>, what: string): Promise<Record<string, unknown>> {
    const res = await send(`${baseUrl(registry)}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }, what);
    if (!res.ok) throw statusError(res.status, `${what} (POST ${path})`);
    const { bytes } = await readBounded(res, 64 * 1024, what);
    return parseObject(bytes, what);
  }

  async function refreshToken(registry: string): Promise<string> {
    const cached = refreshTokens.get(registry);
    if (cached && cached.until > now()) return cached.token;
    let entra: string;
    try {
      const token = await deps.credential.getToken(ACR_TOKEN_SCOPE);
      if (!token) throw new Error("no token");
      entra = token.token;
    } catch (error) {
      // No identity at all (nothing configured, no managed identity) is the operator's to fix, not
      // an outage to wait out; anything else (Entra unreachable, throttled) is retried.
      if (error instanceof Error && error.name === "CredentialUnavailableError") {
        throw new RegistryError("refused", `no Azure identity to read ${registry} with: Baton reads ACR as the app's managed identity (or DefaultAzureCredential's sources locally)`);
      }
      throw new RegistryError("unavailable", `no Entra token for ${registry} from the app's identity (${error instanceof Error ? error.name : "error"})`);
    }
    const body = await form(registry, "/oauth2/exchange", { grant_type: "access_token", service: registry, access_token: entra }, `exchanging the app's Entra token at ${registry}`);
    const token = body.refresh_token;
    if (typeof token !== "string" || token === "") throw new RegistryError("invalid", `${registry} answered /oauth2/exchange without a refresh_token`);
    refreshTokens.set(registry, { token, until: now() + TOKEN_REUSE_MS });
    return token;
  }

  async function accessToken(registry: string, repository: string): Promise<string> {
    const key = `${registry}/${repository}`;
    const cached = accessTokens.get(key);
    if (cached && cached.until > now()) return cached.token;
    const refresh = await refreshToken(registry);
    const body = await form(registry, "/oauth2/token", { grant_type: "refresh_token", service: registry, scope: `repository:${repository}:pull`, refresh_token: refresh }, `a pull token for ${key}`);
    const token = body.access_token;
    if (typeof token !== "string" || token === "") throw new RegistryError("invalid", `${registry} answered /oauth2/token without an access_token`);
    accessTokens.set(key, { token, until: now() + TOKEN_REUSE_MS });
    return token;
  }

  async function read(registry: string, repository: string, kind: "manifests" | "blobs", digest: string, maxBytes: number): Promise<RegistryContent> {
    const hash = digestHash(digest);
    const what = `${kind === "manifests" ? "manifest" : "blob"} ${registry}/${repository}@${digest}`;
    const url = `${baseUrl(registry)}/v2/${repository}/${kind}/${digest}`;
    const headers: Record<string, string> = kind === "manifests" ? { accept: MANIFEST_TYPES.join(", ") } : {};
    let res = await send(url, { headers: { ...headers, authorization: `Bearer ${await accessToken(registry, repository)}` } }, what);
    if (res.status === 401) {
      // A token revoked or expired early: one fresh exchange, then the answer stands.
      await res.body?.cancel();
      refreshTokens.delete(registry);
      accessTokens.delete(`${registry}/${repository}`);
      res = await send(url, { headers: { ...headers, authorization: `Bearer ${await accessToken(registry, repository)}` } }, what);
    }
    // ACR answers a blob read with 307 to its storage (a signed URL on a data endpoint or
    // *.blob.core.windows.net): followed here, by hand and without the registry token, through
    // the same guard; the digest check below makes where the bytes came from irrelevant.
    for (let hop = 0; REDIRECTS.has(res.status) && hop < MAX_REDIRECTS; hop += 1) {
      const location = res.headers.get("location");
      await res.body?.cancel();
      if (!location) throw new RegistryError("invalid", `${what}: the registry redirected without a Location`);
      res = await send(new URL(location, url).href, { headers }, what);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw statusError(res.status, what);
    }
    const content = await readBounded(res, maxBytes, what);
    const actual = `${hash.algorithm}:${createHash(hash.algorithm).update(content.bytes).digest("hex")}`;
    if (actual !== digest) throw new RegistryError("invalid", `${what}: the registry's bytes hash to ${actual}, not to the digest`);
    return content;
  }

  return {
    manifest: (registry, repository, digest) => read(registry, repository, "manifests", digest, MAX_MANIFEST_BYTES),
    blob: (registry, repository, digest, maxBytes) => read(registry, repository, "blobs", digest, maxBytes),
  };
}

/** `https://<registry>`; plain http only for a loopback registry (tests, a local registry). */
export function baseUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || /^127\./.test(host);
  return `${loopback ? "http" : "https"}://${registry}`;
}

function digestHash(digest: string): { algorithm: "sha256" | "sha512" } {
  const match = /^(sha256|sha512):([a-f0-9]+)$/.exec(digest);
  const algorithm = match?.[1] as "sha256" | "sha512" | undefined;
  if (!algorithm || match?.[2]?.length !== (algorithm === "sha256" ? 64 : 128)) {
    throw new RegistryError("invalid", `${digest} is not a sha256 or sha512 digest Baton can verify`);
  }
  return { algorithm };
}

function statusError(status: number, what: string): RegistryError {
  if (status === 401 || status === 403) return new RegistryError("refused", `${what}: the registry refused the app's identity (${status}); grant it AcrPull on the registry`);
  if (status === 404) return new RegistryError("not-found", `${what}: not found in the registry (404)`);
  if (status === 429 || status >= 500) return new RegistryError("unavailable", `${what}: the registry answered ${status}`);
  return new RegistryError("invalid", `${what}: the registry answered ${status}`);
}

/** The body, refused past `maxBytes` (by Content-Length at once, else while streaming). */
async function readBounded(res: Response, maxBytes: number, what: string): Promise<RegistryContent> {
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  const declared = Number(res.headers.get("content-length") ?? "NaN");
  const tooBig = (): RegistryError => new RegistryError("invalid", `${what} is larger than the ${maxBytes} bytes Baton reads`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooBig();
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw new RegistryError("unavailable", `${what}: the registry's answer broke off`);
    }
  }
  return { bytes: Buffer.concat(chunks), contentType };
}

export function parseObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new RegistryError("invalid", `${what}: not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RegistryError("invalid", `${what}: not a JSON object`);
  return value as Record<string, unknown>;
}
