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
    expect(readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "https://dev.azure.com/acme/p/_git/gitops", BATON_PIPELINES_TOKEN_SECRET: "AZDO_PAT" }).repository?.ref).toEqual({
      provider: "git",
      url: "https://dev.azure.com/acme/p/_git/gitops",
      branch: "main",
      auth: { kind: "token", tokenSecret: "AZDO_PAT" },
    });
    expect(
      readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "https://git.acme.com/gitops.git", BATON_PIPELINES_USERNAME: "baton", BATON_PIPELINES_PASSWORD_SECRET: "GIT_PASSWORD" }).repository?.ref.auth,
    ).toEqual({ kind: "basic", username: "baton", passwordSecret: "GIT_PASSWORD" });
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
    const leaky = refuse({ BATON_PIPELINES_REPOSITORY: "https://u:hunter2@git.acme.com/x.git" });
    expect(leaky).toContain("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    expect(leaky).not.toContain("hunter2");
  });
});
