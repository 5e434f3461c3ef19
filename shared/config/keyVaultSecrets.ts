/**
 * Secrets from Azure Key Vault, cached for a while and re-read on demand. A caller that finds a
 * secret wrong (a signature that does not verify) calls `refresh`, so a rotation in the vault
 * takes effect at once instead of after the cache expires.
 */
import type { SecretSource } from "./secrets.js";

/** The part of @azure/keyvault-secrets' SecretClient this source needs. */
export interface SecretReader {
  getSecret(name: string): Promise<{ value?: string | undefined }>;
}

export class SecretUnavailableError extends Error {
  constructor(name: string, cause: unknown) {
    super(`Could not read secret "${name}" from Key Vault. Check that the app's identity has the "Key Vault Secrets User" role on the vault.`, { cause });
    this.name = "SecretUnavailableError";
  }
}

/** Key Vault secret names allow letters, digits and dashes: GITHUB_WEBHOOK_SECRET -> github-webhook-secret. */
export function vaultSecretName(settingName: string): string {
  return settingName.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

interface CacheEntry {
  value: string | undefined;
  readAt: number;
}

export class KeyVaultSecretSource implements SecretSource {
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly reader: SecretReader,
    private readonly options: { cacheSeconds: number; now?: () => number },
  ) {}

  async get(name: string): Promise<string | undefined> {
    const cached = this.#cache.get(name);
    if (cached && this.#now() - cached.readAt < this.options.cacheSeconds * 1000) return cached.value;
    return this.#read(name);
  }

  refresh(name: string): Promise<string | undefined> {
    this.#cache.delete(name);
    return this.#read(name);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** One read per secret at a time: a burst of webhooks after expiry makes one vault call. */
  #read(name: string): Promise<string | undefined> {
    const pending = this.#inFlight.get(name);
    if (pending) return pending;
    const read = this.#fetch(name).finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, read);
    return read;
  }

  async #fetch(name: string): Promise<string | undefined> {
    let value: string | undefined;
    try {
      value = (await this.reader.getSecret(vaultSecretName(name))).value;
    } catch (error) {
      if (statusOf(error) !== 404) throw new SecretUnavailableError(name, error);
      value = undefined;
    }
    this.#cache.set(name, { value: value === "" ? undefined : value, readAt: this.#now() });
    return value === "" ? undefined : value;
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}
