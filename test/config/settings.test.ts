import { describe, expect, it } from "vitest";
import { readSettings, SettingsError } from "../../shared/config/settings.js";

describe("readSettings", () => {
  it("embeds local defaults, so an empty environment runs", () => {
    const s = readSettings({});
    expect(s).toMatchObject({ keyVaultUrl: undefined, secretCacheSeconds: 300 });
    expect(s.publicUrl.toString()).toBe("http://127.0.0.1:7071/");
  });

  it("reads the values given", () => {
    const s = readSettings({
      BATON_KEY_VAULT_URL: "https://my-vault.vault.azure.net/",
      BATON_SECRET_CACHE_SECONDS: "60",
      BATON_PUBLIC_URL: "https://baton.example.com",
    });
    expect(s).toMatchObject({ secretCacheSeconds: 60 });
    expect(s.keyVaultUrl?.host).toBe("my-vault.vault.azure.net");
  });

  it("treats blank values as unset", () => {
    expect(readSettings({ BATON_KEY_VAULT_URL: "  ", BATON_PUBLIC_URL: "" }).keyVaultUrl).toBeUndefined();
  });

  it("names every bad setting and what it expects", () => {
    let error: unknown;
    try {
      readSettings({ BATON_PUBLIC_URL: "not a url", BATON_KEY_VAULT_URL: "http://plain.example", BATON_SECRET_CACHE_SECONDS: "-5" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems.join("\n");
    expect(problems).toContain('BATON_PUBLIC_URL must be an absolute http(s) URL (got "not a url")');
    expect(problems).toContain("BATON_KEY_VAULT_URL must be the vault's https URL");
    expect(problems).toContain("BATON_SECRET_CACHE_SECONDS must be a whole number of seconds");
  });
});
