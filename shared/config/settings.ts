/**
 * Baton's own settings, read once at the edge from an `env` (default `process.env`) and
 * validated into a typed object. Every problem names the setting and says what is expected.
 * These settings are not secret: secrets go through a SecretSource, never through here.
 */
import { z } from "zod";

export interface BatonSettings {
  /** When set, secrets are read from this Key Vault; otherwise from settings of the same name. */
  keyVaultUrl: URL | undefined;
  secretCacheSeconds: number;
  publicUrl: URL;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n- ${problems.join("\n- ")}`);
    this.name = "SettingsError";
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const schema = z.object({
  BATON_KEY_VAULT_URL: optionalText.pipe(
    z
      .url({ protocol: /^https$/, message: "must be the vault's https URL, e.g. https://my-vault.vault.azure.net/" })
      .optional(),
  ),
  BATON_SECRET_CACHE_SECONDS: optionalText.pipe(z.string().regex(/^\d+$/, "must be a whole number of seconds").transform(Number).optional()),
  BATON_PUBLIC_URL: optionalText.pipe(z.url({ message: "must be an absolute http(s) URL" }).optional()),
});

export function readSettings(env: NodeJS.ProcessEnv = process.env): BatonSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "settings");
        const got = typeof env[name] === "string" ? ` (got "${env[name]}")` : "";
        return `${name} ${issue.message}${got}`;
      }),
    );
  }
  const v = parsed.data;
  return {
    keyVaultUrl: v.BATON_KEY_VAULT_URL ? new URL(v.BATON_KEY_VAULT_URL) : undefined,
    secretCacheSeconds: v.BATON_SECRET_CACHE_SECONDS ?? 300,
    publicUrl: new URL(v.BATON_PUBLIC_URL ?? "http://127.0.0.1:7071"),
  };
}
