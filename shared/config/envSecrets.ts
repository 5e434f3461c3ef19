/**
 * Secrets from plain settings: local development and CI only. A setting that is empty counts
 * as not configured, so a blank line in local.settings.json never becomes an empty HMAC key.
 */
import type { SecretSource } from "./secrets.js";

export class EnvSecretSource implements SecretSource {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(name: string): Promise<string | undefined> {
    const value = this.env[name];
    return Promise.resolve(value === undefined || value === "" ? undefined : value);
  }

  refresh(name: string): Promise<string | undefined> {
    return this.get(name);
  }
}
