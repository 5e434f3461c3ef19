import type { TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import { KeyVaultSecretSource, SecretUnavailableError, vaultSecretName, type SecretReader } from "../../shared/config/keyVaultSecrets.js";
import { createSecretSource } from "../../shared/config/secretSource.js";
import { readSettings } from "../../shared/config/settings.js";
import { FAKE_VAULT_TOKEN, startFakeKeyVault, type FakeKeyVault } from "../support/fakeKeyVault.js";

describe("EnvSecretSource", () => {
  it("reads settings and treats empty as not configured", async () => {
    const source = new EnvSecretSource({ A_SECRET: "s3cret", EMPTY: "" });
    expect(await source.get("A_SECRET")).toBe("s3cret");
    expect(await source.get("EMPTY")).toBeUndefined();
    expect(await source.refresh("MISSING")).toBeUndefined();
  });
});

describe("KeyVaultSecretSource", () => {
  function fakeReader(values: Record<string, string>) {
    const calls: string[] = [];
    const reader: SecretReader = {
      getSecret: (name) => {
        calls.push(name);
        const value = values[name];
        if (value === undefined) return Promise.reject(Object.assign(new Error("not found"), { statusCode: 404 }));
        return Promise.resolve({ value });
      },
    };
    return { reader, calls, values };
  }

  it("maps setting names to vault names", () => {
    expect(vaultSecretName("GITHUB_WEBHOOK_SECRET")).toBe("github-webhook-secret");
  });

  it("caches for the configured time and re-reads after it", async () => {
    let now = 0;
    const { reader, calls } = fakeReader({ "flux-token": "v1" });
    const source = new KeyVaultSecretSource(reader, { cacheSeconds: 300, now: () => now });
    expect(await source.get("FLUX_TOKEN")).toBe("v1");
    now = 299_000;
    expect(await source.get("FLUX_TOKEN")).toBe("v1");
    expect(calls).toHaveLength(1);
    now = 300_000;
    await source.get("FLUX_TOKEN");
    expect(calls).toHaveLength(2);
  });

  it("re-reads on refresh, picking up a rotation at once", async () => {
    const { reader, values } = fakeReader({ "flux-token": "old" });
    const source = new KeyVaultSecretSource(reader, { cacheSeconds: 3600 });
    expect(await source.get("FLUX_TOKEN")).toBe("old");
    values["flux-token"] = "new";
    expect(await source.get("FLUX_TOKEN")).toBe("old");
    expect(await source.refresh("FLUX_TOKEN")).toBe("new");
    expect(await source.get("FLUX_TOKEN")).toBe("new");
  });

  it("makes one vault call for a burst of concurrent reads", async () => {
    const { reader, calls } = fakeReader({ "a-b": "x" });
    const source = new KeyVaultSecretSource(reader, { cacheSeconds: 60 });
    await Promise.all(Array.from({ length: 20 }, () => source.get("A_B")));
    expect(calls).toHaveLength(1);
  });

  it("answers undefined for a secret the vault does not have", async () => {
    const { reader } = fakeReader({});
    expect(await new KeyVaultSecretSource(reader, { cacheSeconds: 60 }).get("NOPE")).toBeUndefined();
  });

  it("fails with the secret's name and the fix, never its value", async () => {
    const reader: SecretReader = { getSecret: () => Promise.reject(Object.assign(new Error("Forbidden"), { statusCode: 403 })) };
    const error = await new KeyVaultSecretSource(reader, { cacheSeconds: 60 }).get("GITHUB_WEBHOOK_SECRET").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).message).toContain('"GITHUB_WEBHOOK_SECRET"');
    expect((error as Error).message).toContain("Key Vault Secrets User");
  });
});

describe("createSecretSource with the real SecretClient against a fake vault", () => {
  let vault: FakeKeyVault;
  const scopes: string[] = [];
  const credential: TokenCredential = {
    getToken: (scope) => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return Promise.resolve({ token: FAKE_VAULT_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  beforeAll(async () => {
    vault = await startFakeKeyVault();
  });
  afterAll(async () => {
    await vault.close();
  });

  it("answers the auth challenge, reads, caches and refreshes", async () => {
    vault.secrets.set("github-webhook-secret", "first");
    const settings = readSettings({ BATON_KEY_VAULT_URL: vault.vaultUrl, BATON_SECRET_CACHE_SECONDS: "600" });
    const source = createSecretSource(settings, {
      credential,
      clientOptions: { httpClient: vault.httpClient, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } },
    });
    expect(await source.get("GITHUB_WEBHOOK_SECRET")).toBe("first");
    expect(await source.get("GITHUB_WEBHOOK_SECRET")).toBe("first");
    expect(vault.reads.get("github-webhook-secret")).toBe(1);
    expect(scopes).toContain("https://vault.azure.net/.default");
    expect(vault.tokensSeen.every((t) => t === FAKE_VAULT_TOKEN)).toBe(true);
    vault.secrets.set("github-webhook-secret", "rotated");
    expect(await source.refresh("GITHUB_WEBHOOK_SECRET")).toBe("rotated");
    expect(await source.get("MISSING_SECRET")).toBeUndefined();
  });

  it("uses plain settings when no vault is configured", async () => {
    const source = createSecretSource(readSettings({}), { env: { GITHUB_WEBHOOK_SECRET: "local" } });
    expect(await source.get("GITHUB_WEBHOOK_SECRET")).toBe("local");
  });
});
