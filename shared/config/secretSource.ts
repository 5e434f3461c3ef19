/**
 * Chooses where secrets come from: Key Vault when BATON_KEY_VAULT_URL is set (with
 * DefaultAzureCredential: managed identity on Azure, your `az login` locally), otherwise plain
 * settings. Built once per app instance at the edge and passed down.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { SecretClient, type SecretClientOptions } from "@azure/keyvault-secrets";
import { EnvSecretSource } from "./envSecrets.js";
import { KeyVaultSecretSource } from "./keyVaultSecrets.js";
import type { SecretSource } from "./secrets.js";
import type { BatonSettings } from "./settings.js";

export interface SecretSourceDeps {
  env?: NodeJS.ProcessEnv;
  credential?: TokenCredential;
  clientOptions?: SecretClientOptions;
  now?: () => number;
}

export function createSecretSource(settings: BatonSettings, deps: SecretSourceDeps = {}): SecretSource {
  if (!settings.keyVaultUrl) return new EnvSecretSource(deps.env ?? process.env);
  const client = new SecretClient(settings.keyVaultUrl.toString(), deps.credential ?? new DefaultAzureCredential(), deps.clientOptions);
  return new KeyVaultSecretSource(client, { cacheSeconds: settings.secretCacheSeconds, ...(deps.now ? { now: deps.now } : {}) });
}
