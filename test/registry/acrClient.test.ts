// The ACR reader and the registry inspector against the fake ACR on loopback (checked against
// the published ACR specification): the token exchange with the app's Entra token, verified
// digests, bounded sizes, and each failure sorted into what Baton does next.
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostAllowList } from "../../shared/net/hostAllowList.js";
import { guardedFetch } from "../../shared/net/outboundGuard.js";
import { PrivateNetworks, type OutboundPolicy } from "../../shared/net/outboundPolicy.js";
import { ACR_TOKEN_SCOPE, createAcrReader, MAX_MANIFEST_BYTES } from "../../shared/registry/acrClient.js";
import { RegistryError } from "../../shared/registry/errors.js";
import { createRegistryInspector } from "../../shared/registry/inspect.js";
import { registryInspector, registryPolicy } from "../../shared/registry/registryRoot.js";
import { startFakeAcr, type FakeAcr } from "../support/fakeAcr.js";

const LOOPBACK: OutboundPolicy = { hosts: new HostAllowList(["127.0.0.1"]), allowLoopback: true, privateNetworks: new PrivateNetworks([]) };

let acr: FakeAcr;
const scopes: string[] = [];
const credential = (token: () => string): TokenCredential => ({
  getToken(scope): Promise<AccessToken> {
    scopes.push(...(Array.isArray(scope) ? scope : [scope]));
    return Promise.resolve({ token: token(), expiresOnTimestamp: Date.now() + 3_600_000 });
  },
});

beforeAll(async () => {
  acr = await startFakeAcr();
});
afterAll(async () => {
  expect(acr.violations).toEqual([]);
  await acr.close();
});

const reader = () => createAcrReader({ fetch: guardedFetch(LOOPBACK), credential: credential(() => acr.entraToken) });
const inspector = () => createRegistryInspector(reader());
const push = (repository: string, tag: string, digest: string) => ({ registry: acr.registry, repository, tag, digest });

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe("reading from ACR with the app's Entra identity", () => {
  it("exchanges the Entra token for a pull token and reads a manifest whose bytes hash to its digest", async () => {
    const digest = acr.pushChart("helm/orders", "1.4.0");
    const before = acr.requests.length;
    const manifest = await reader().manifest(acr.registry, "helm/orders", digest);
    expect(JSON.parse(manifest.bytes.toString("utf8"))).toMatchObject({ config: { mediaType: "application/vnd.cncf.helm.config.v1+json" } });
    expect(acr.requests.slice(before)).toEqual(["POST /oauth2/exchange", "POST /oauth2/token", `GET /v2/helm/orders/manifests/${digest}`]);
    expect(new Set(scopes)).toEqual(new Set([ACR_TOKEN_SCOPE]));
  });

  it("reuses its tokens for the next read of the same repository", async () => {
    const r = reader();
    const digest = acr.pushChart("helm/orders", "1.4.1");
    await r.manifest(acr.registry, "helm/orders", digest);
    const before = acr.requests.length;
    await r.manifest(acr.registry, "helm/orders", digest);
    expect(acr.requests.slice(before)).toEqual([`GET /v2/helm/orders/manifests/${digest}`]);
  });

  it("refuses content whose bytes do not hash to the digest", async () => {
    const digest = acr.pushChart("helm/orders", "1.4.2");
    acr.tamper(digest, Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: "application/vnd.cncf.helm.config.v1+json" } })));
    const error = await failure(reader().manifest(acr.registry, "helm/orders", digest));
    expect(error.problem).toBe("invalid");
    expect(error.message).toMatch(/hash to sha256:[0-9a-f]{64}, not to the digest/);
  });

  it("refuses a manifest larger than it reads, without reading it all", async () => {
    const digest = acr.pushManifest("big/app", "1.0.0", { schemaVersion: 2, annotations: { "org.opencontainers.image.description": "x".repeat(MAX_MANIFEST_BYTES) } });
    const error = await failure(reader().manifest(acr.registry, "big/app", digest));
    expect(error.problem).toBe("invalid");
    expect(error.message).toContain(`larger than the ${MAX_MANIFEST_BYTES} bytes`);
  });

  it("says the identity needs AcrPull when the registry refuses its Entra token (401), and does not retry that", async () => {
    const digest = acr.pushChart("helm/orders", "1.4.3");
    const wrong = createAcrReader({ fetch: guardedFetch(LOOPBACK), credential: credential(() => "not-the-entra-token") });
    const error = await failure(wrong.manifest(acr.registry, "helm/orders", digest));
    expect(error.problem).toBe("refused");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("grant it AcrPull");
    expect(error.message).not.toContain("not-the-entra-token");
  });

  it("gets a fresh token once when a read answers 401, then reads", async () => {
    const r = reader();
    const digest = acr.pushChart("helm/orders", "1.4.4");
    await r.manifest(acr.registry, "helm/orders", digest);
    acr.failNext(/^\/v2\/helm\/orders\/manifests\//, 401);
    const before = acr.requests.length;
    await r.manifest(acr.registry, "helm/orders", digest);
    expect(acr.requests.slice(before)).toEqual([`GET /v2/helm/orders/manifests/${digest}`, "POST /oauth2/exchange", "POST /oauth2/token", `GET /v2/helm/orders/manifests/${digest}`]);
  });

  it("waits out an Entra outage, but not a missing identity", async () => {
    const digest = acr.pushChart("helm/orders", "1.4.7");
    const failing = (name: string): TokenCredential => ({
      getToken: () => Promise.reject(Object.assign(new Error("no token"), { name })),
    });
    const outage = await failure(createAcrReader({ fetch: guardedFetch(LOOPBACK), credential: failing("AuthenticationError") }).manifest(acr.registry, "helm/orders", digest));
    expect(outage.retryable).toBe(true);
    const none = await failure(createAcrReader({ fetch: guardedFetch(LOOPBACK), credential: failing("CredentialUnavailableError") }).manifest(acr.registry, "helm/orders", digest));
    expect(none.problem).toBe("refused");
    expect(none.message).toContain("no Azure identity");
  });

  it("says not found for a manifest the registry does not hold (404)", async () => {
    const error = await failure(reader().manifest(acr.registry, "helm/orders", `sha256:${"0".repeat(64)}`));
    expect(error.problem).toBe("not-found");
  });

  it("calls 5xx and 429 answers and an unreachable registry retryable", async () => {
    const digest = acr.pushChart("helm/orders", "1.4.5");
    acr.failNext(/^\/v2\//, 503);
    expect((await failure(reader().manifest(acr.registry, "helm/orders", digest))).retryable).toBe(true);
    acr.failNext(/^\/oauth2\/exchange$/, 429);
    expect((await failure(reader().manifest(acr.registry, "helm/orders", digest))).retryable).toBe(true);
    const gone = await failure(reader().manifest("127.0.0.1:1", "helm/orders", digest));
    expect(gone.problem).toBe("unavailable");
  });

  it("reads only registry hosts Baton may reach: ACR login servers or BATON_ALLOWED_HOSTS", async () => {
    const policy = registryPolicy({ hosts: new HostAllowList([]), allowLoopback: true, privateNetworks: new PrivateNetworks([]) });
    expect(policy.hosts?.allows("contoso.azurecr.io")).toBe(true);
    expect(policy.hosts?.allows("contoso.westeurope.data.azurecr.io")).toBe(true);
    expect(policy.hosts?.allows("weuprodacr.blob.core.windows.net")).toBe(true);
    expect(policy.hosts?.allows("127.0.0.1")).toBe(false);
    const strict = registryInspector({ hosts: new HostAllowList([]), allowLoopback: true, privateNetworks: new PrivateNetworks([]) }, credential(() => acr.entraToken));
    const error = await failure(strict.chart(push("helm/orders", "1.4.0", acr.pushChart("helm/orders", "1.4.6"))));
    expect(error.problem).toBe("refused");
    expect(error.message).toContain("BATON_ALLOWED_HOSTS");
  });
});

describe("what Baton reads about a push", () => {
  it("knows a Helm chart by its config media type and chart layer", async () => {
    const digest = acr.pushChart("helm/orders", "2.0.0");
    expect(await inspector().chart(push("helm/orders", "2.0.0", digest))).toEqual({ chart: true });
  });

  it("refuses an OCI image manifest pushed to a chart repository, naming its config media type", async () => {
    const digest = acr.pushImage("helm/orders", "2.0.1", {});
    const verdict = await inspector().chart(push("helm/orders", "2.0.1", digest));
    expect(verdict).toEqual({ chart: false, reason: expect.stringContaining("its config media type is application/vnd.oci.image.config.v1+json, not application/vnd.cncf.helm.config.v1+json") as string });
  });

  it("refuses Helm's config without the chart archive layer", async () => {
    const digest = acr.pushChart("helm/orders", "2.0.2", { layerMediaType: "application/vnd.oci.image.layer.v1.tar+gzip" });
    expect(await inspector().chart(push("helm/orders", "2.0.2", digest))).toMatchObject({ chart: false, reason: expect.stringContaining("no chart layer") as string });
  });

  it("reads an image's revision label from its config", async () => {
    const digest = acr.pushImage("shop/web", "1.0.0", { "org.opencontainers.image.revision": "6c62fb4e0d9f" });
    expect(await inspector().revision(push("shop/web", "1.0.0", digest))).toBe("6c62fb4e0d9f");
  });

  it("follows a multi-arch index to a platform manifest for the label", async () => {
    const digest = acr.pushImage("shop/api", "1.0.0", { "org.opencontainers.image.revision": "6c62fb4e0d9f" }, { platforms: ["linux/arm64", "linux/amd64"] });
    const before = acr.requests.length;
    expect(await inspector().revision(push("shop/api", "1.0.0", digest))).toBe("6c62fb4e0d9f");
    const reads = acr.requests.slice(before).filter((r) => r.startsWith("GET"));
    // The index, the amd64 manifest, the config blob (redirected to storage, as ACR does, and followed without the token).
    expect(reads).toHaveLength(4);
    expect(reads[0]).toBe(`GET /v2/shop/api/manifests/${digest}`);
    expect(reads[2]).toMatch(/^GET \/v2\/shop\/api\/blobs\/sha256:/);
    expect(reads[3]).toMatch(/^GET \/_storage\/sha256:/);
  });

  it("answers no revision for an image without the label", async () => {
    const digest = acr.pushImage("shop/web", "1.0.1", { maintainer: "shop" });
    expect(await inspector().revision(push("shop/web", "1.0.1", digest))).toBeUndefined();
  });
});
