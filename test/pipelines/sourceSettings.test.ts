import { describe, expect, it } from "vitest";
import { readPipelineSourceSettings } from "../../shared/pipelines/source/settings.js";

describe("pipeline source settings", () => {
  it("reads nothing, inline text or a local file", () => {
    expect(readPipelineSourceSettings({})).toEqual({ trust: expect.any(Object) as unknown });
    expect(readPipelineSourceSettings({ BATON_PIPELINES: "version: 1", BATON_PIPELINES_FILE: "" })).toEqual({ inline: "version: 1", trust: expect.any(Object) as unknown });
    expect(readPipelineSourceSettings({ BATON_PIPELINES_FILE: " pipelines.yaml " })).toEqual({ file: "pipelines.yaml", trust: expect.any(Object) as unknown });
  });

  it("reads a GitHub repository with defaults for branch, path and no auth", () => {
    expect(readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "acme/gitops" })).toEqual({
      repository: { ref: { provider: "github", repository: "acme/gitops", branch: "main", auth: { kind: "none" } }, path: ".baton/pipelines.yaml" },
      trust: expect.any(Object) as unknown,
    });
    expect(
      readPipelineSourceSettings({
        BATON_PIPELINES_REPOSITORY: "acme/gitops",
        BATON_PIPELINES_BRANCH: "config",
        BATON_PIPELINES_PATH: "baton/pipelines.yaml",
        BATON_PIPELINES_GITHUB_API_URL: "https://github.acme.com/api/v3",
        BATON_PIPELINES_GITHUB_APP_ID: "12",
        BATON_PIPELINES_GITHUB_INSTALLATION_ID: "34",
        BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET: "BATON_GITHUB_APP_KEY",
      }),
    ).toEqual({
      repository: {
        ref: { provider: "github", repository: "acme/gitops", branch: "config", apiUrl: "https://github.acme.com/api/v3", auth: { kind: "github-app", appId: 12, installationId: 34, privateKeySecret: "BATON_GITHUB_APP_KEY" } },
        path: "baton/pipelines.yaml",
      },
      trust: expect.any(Object) as unknown,
    });
  });

  it("reads a git server with a token or basic credentials, by secret name", () => {
    expect(readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/platform/gitops.git", BATON_PIPELINES_TOKEN_SECRET: "GIT_TOKEN" }).repository?.ref).toEqual({
      provider: "git",
      url: "https://git.acme.com/platform/gitops.git",
      branch: "main",
      auth: { kind: "token", tokenSecret: "GIT_TOKEN" },
    });
    expect(
      readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/gitops.git", BATON_PIPELINES_USERNAME: "baton", BATON_PIPELINES_PASSWORD_SECRET: "GIT_PASSWORD" }).repository?.ref.auth,
    ).toEqual({ kind: "basic", username: "baton", passwordSecret: "GIT_PASSWORD" });
  });

  it("reads Azure Repos (dev.azure.com, visualstudio.com, or a server named by BATON_PIPELINES_PROVIDER) in its canonical spelling", () => {
    const ref = (env: Record<string, string>) => readPipelineSourceSettings(env).repository?.ref;
    expect(ref({ BATON_PIPELINES_REPOSITORY: "https://contoso@dev.azure.com/contoso/Platform%20Team/_git/gitops", BATON_PIPELINES_TOKEN_SECRET: "AZDO_PAT" })).toEqual({
      provider: "azure-devops",
      url: "https://dev.azure.com/contoso/Platform Team/_git/gitops",
      branch: "main",
      auth: { kind: "token", tokenSecret: "AZDO_PAT" },
    });
    expect(ref({ BATON_PIPELINES_REPOSITORY: "https://contoso.visualstudio.com/DefaultCollection/platform/_git/gitops", BATON_PIPELINES_AUTH: "entra", BATON_PIPELINES_BRANCH: "config" })).toEqual({
      provider: "azure-devops",
      url: "https://dev.azure.com/contoso/platform/_git/gitops",
      branch: "config",
      auth: { kind: "entra" },
    });
    expect(ref({ BATON_PIPELINES_REPOSITORY: "https://tfs.contoso.com/tfs/DefaultCollection/platform/_git/gitops", BATON_PIPELINES_PROVIDER: "azure-devops", BATON_PIPELINES_AUTH: "entra" })).toEqual({
      provider: "azure-devops",
      url: "https://tfs.contoso.com/tfs/DefaultCollection/platform/_git/gitops",
      branch: "main",
      auth: { kind: "entra" },
    });
  });

  it("names each wrong setting, and never echoes a URL that may hold credentials", () => {
    const refuse = (env: Record<string, string>) => {
      try {
        readPipelineSourceSettings(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected the settings to be refused");
    };
    expect(refuse({ BATON_PIPELINES: "x", BATON_PIPELINES_REPOSITORY: "a/b" })).toContain("BATON_PIPELINES and BATON_PIPELINES_REPOSITORY are both set");
    expect(refuse({ BATON_PIPELINES_BRANCH: "main" })).toContain("BATON_PIPELINES_BRANCH applies only with BATON_PIPELINES_REPOSITORY");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "a/b", BATON_PIPELINES_PATH: "../x.yaml" })).toContain("BATON_PIPELINES_PATH must be a path inside the repository");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "a/b", BATON_PIPELINES_TOKEN_SECRET: "ghp abc" })).toContain("BATON_PIPELINES_TOKEN_SECRET must be the NAME");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "a/b", BATON_PIPELINES_GITHUB_APP_ID: "x" })).toMatch(/BATON_PIPELINES_GITHUB_APP_ID must be a positive whole number[\s\S]*BATON_PIPELINES_GITHUB_INSTALLATION_ID[\s\S]*BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET/);
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/x.git", BATON_PIPELINES_USERNAME: "u" })).toContain("set both BATON_PIPELINES_USERNAME and BATON_PIPELINES_PASSWORD_SECRET");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "a/b", BATON_PIPELINES_USERNAME: "u", BATON_PIPELINES_PASSWORD_SECRET: "P" })).toContain("BATON_PIPELINES_USERNAME applies to git servers");
    // Azure Repos: a PAT or the app's identity, named by their settings; the URL is never echoed.
    const azure = "https://dev.azure.com/contoso/platform/_git/gitops";
    expect(refuse({ BATON_PIPELINES_REPOSITORY: azure })).toContain("Azure Repos in BATON_PIPELINES_REPOSITORY needs BATON_PIPELINES_TOKEN_SECRET (the name of a personal access token's secret) or BATON_PIPELINES_AUTH=entra");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: azure, BATON_PIPELINES_USERNAME: "u", BATON_PIPELINES_PASSWORD_SECRET: "P" })).toContain("BATON_PIPELINES_USERNAME does not apply to Azure Repos");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: azure, BATON_PIPELINES_AUTH: "managed-identity" })).toContain("BATON_PIPELINES_AUTH must be entra");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: azure, BATON_PIPELINES_AUTH: "entra", BATON_PIPELINES_TOKEN_SECRET: "AZDO_PAT" })).toContain("BATON_PIPELINES_TOKEN_SECRET and BATON_PIPELINES_AUTH choose different authentications");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: azure, BATON_PIPELINES_TOKEN_SECRET: "AZDO_PAT", BATON_PIPELINES_GITHUB_API_URL: "https://github.acme.com/api/v3" })).toContain("BATON_PIPELINES_GITHUB_API_URL applies to GitHub repositories");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "https://dev.azure.com/contoso/_apis/git/repositories/gitops", BATON_PIPELINES_TOKEN_SECRET: "AZDO_PAT" })).toContain("BATON_PIPELINES_REPOSITORY must be an Azure Repos URL, https://dev.azure.com/{organization}/{project}/_git/{repository}");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/x.git", BATON_PIPELINES_PROVIDER: "gitlab" })).toContain("BATON_PIPELINES_PROVIDER must be azure-devops");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/x.git", BATON_PIPELINES_AUTH: "entra" })).toContain("BATON_PIPELINES_AUTH=entra applies to Azure Repos only");
    expect(refuse({ BATON_PIPELINES_REPOSITORY: "acme/gitops", BATON_PIPELINES_AUTH: "entra" })).toContain("BATON_PIPELINES_AUTH=entra applies to Azure Repos only");
    expect(refuse({ BATON_PIPELINES_AUTH: "entra" })).toContain("BATON_PIPELINES_AUTH applies only with BATON_PIPELINES_REPOSITORY");
    const azureLeak = refuse({ BATON_PIPELINES_REPOSITORY: "https://u:hunter2@dev.azure.com/contoso/platform/_git/gitops", BATON_PIPELINES_AUTH: "entra" });
    expect(azureLeak).toContain("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    expect(azureLeak).not.toContain("hunter2");
    const leaky = refuse({ BATON_PIPELINES_REPOSITORY: "https://u:hunter2@git.acme.com/x.git" });
    expect(leaky).toContain("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    expect(leaky).not.toContain("hunter2");
  });
});
