// The operator's settings for what a pipelines file may reach, and the scope enforced where
// secrets are read (issue 10 point 1).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { scopedSecrets, SecretOutOfScopeError } from "../../shared/config/secretScope.js";
import type { SecretSource } from "../../shared/config/secrets.js";

describe("BATON_PIPELINE_SECRETS", () => {
  it("allows declared names and prefixes, compared in Key Vault form", () => {
    const { secrets } = readPipelineTrust({ BATON_PIPELINE_SECRETS: "GITOPS_TOKEN, PIPELINE_*" });
    expect(secrets.refusal("GITOPS_TOKEN")).toBeUndefined();
    expect(secrets.refusal("gitops-token")).toBeUndefined();
    expect(secrets.refusal("PIPELINE_SHOP_PAT")).toBeUndefined();
    expect(secrets.refusal("OTHER")).toContain("outside the set the operator declared for pipelines (BATON_PIPELINE_SECRETS allows GITOPS_TOKEN, PIPELINE_*)");
  });

  it("never allows Baton's or the platform's own secrets, whatever the prefix", () => {
    const { secrets } = readPipelineTrust({ BATON_PIPELINE_SECRETS: "A* B* E* F* G* I* M* W*", BATON_PIPELINES_TOKEN_SECRET: "GITOPS_CONFIG_TOKEN" });
    for (const name of ["BATON_OPS_KEYS", "baton-ops-keys", "AzureWebJobsStorage", "azurewebjobsstorage", "GITHUB_WEBHOOK_SECRET", "github-webhook-secret-previous", "EVENTGRID_WEBHOOK_KEY", "FLUX_WEBHOOK_TOKEN", "ACR_WEBHOOK_SECRET", "AZURE_CLIENT_SECRET", "IDENTITY_HEADER", "MSI_SECRET", "WEBSITE_AUTH_ENCRYPTION_KEY", "GITOPS_CONFIG_TOKEN"]) {
      expect(secrets.refusal(name), name).toContain("one of Baton's own or the platform's secrets");
    }
  });

  it("reserves every setting local.settings.sample.json documents", () => {
    const sample = JSON.parse(readFileSync("local.settings.sample.json", "utf8")) as { Values: Record<string, string> };
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("").map((l) => `${l}*`).join(" ");
    const { secrets } = readPipelineTrust({ BATON_PIPELINE_SECRETS: letters });
    expect(Object.keys(sample.Values).filter((name) => !secrets.refusal(name)?.includes("Baton's own"))).toEqual([]);
  });

  it("is enforced where secrets are read: a refused name is never read", async () => {
    const reads: string[] = [];
    const source: SecretSource = { get: (n) => (reads.push(n), Promise.resolve("v")), refresh: (n) => (reads.push(n), Promise.resolve("v")) };
    const scoped = scopedSecrets(source, readPipelineTrust({ BATON_PIPELINE_SECRETS: "GITOPS_*" }).secrets);
    await expect(scoped.get("BATON_OPS_KEYS")).rejects.toBeInstanceOf(SecretOutOfScopeError);
    await expect(scoped.refresh("AzureWebJobsStorage")).rejects.toThrow("one of Baton's own");
    await expect(scoped.get("GITOPS_TOKEN")).resolves.toBe("v");
    expect(reads).toEqual(["GITOPS_TOKEN"]);
  });
});

describe("the outbound settings", () => {
  it("name the setting that is wrong", () => {
    expect(() =>
      readPipelineTrust({ BATON_PIPELINE_SECRETS: "ok bad=value", BATON_ALLOWED_HOSTS: "good.example http://x", BATON_ALLOWED_PRIVATE_NETWORKS: "10.0.0.0/33", BATON_ALLOW_LOOPBACK: "yes" }),
    ).toThrow(
      [
        'BATON_PIPELINE_SECRETS entry "bad=value" must be a secret name or a prefix ending in * (PIPELINE_*)',
        'BATON_ALLOWED_HOSTS "http://x" is not a host name, an IP address or *.domain',
        'BATON_ALLOWED_PRIVATE_NETWORKS entry "10.0.0.0/33" must be a network in CIDR form (10.20.0.0/16, fd00::/64)',
        'BATON_ALLOW_LOOPBACK must be true or false (got "yes")',
      ].join("\n- "),
    );
  });

  it("allow nothing by default but Baton's own GitHub API host and Azure DevOps, and no loopback", () => {
    const { outbound } = readPipelineTrust({});
    expect(outbound.hosts?.allows("api.github.com")).toBe(true);
    expect(outbound.hosts?.allows("dev.azure.com")).toBe(true);
    expect(outbound.hosts?.allows("acme.visualstudio.com")).toBe(false);
    expect(outbound.hosts?.allows("github.com")).toBe(false);
    expect(outbound.allowLoopback).toBe(false);
  });
});
