/**
 * Resolves a repository's auth (secrets by name, from the SecretSource) into what the GitHub
 * and smart-HTTP clients take. The one place that knows how each auth kind maps to each provider.
 */
import type { TokenCredential } from "@azure/identity";
import type { SecretSource } from "../config/secrets.js";
import type { RepositoryRef } from "../pipelines/config/model.js";
import { entraAuthorization, patAuthorization, type AzureDevOpsAuthorization } from "./azureDevOps/authorization.js";
import type { GitHubAuth } from "./github/client.js";

export type ResolvedAuth =
  | { provider: "github"; auth: GitHubAuth | undefined }
  | { provider: "git"; credentials: { username: string; password: string } | undefined }
  | { provider: "azure-devops"; authorization: AzureDevOpsAuthorization };

export function repositoryName(ref: RepositoryRef): string {
  return ref.provider === "github" ? ref.repository : ref.url;
}

/** `azureCredential`: the app's Entra identity, needed only for Azure Repos with `{ kind: entra }`. */
export async function resolveRepositoryAuth(ref: RepositoryRef, secrets: SecretSource, azureCredential?: TokenCredential): Promise<ResolvedAuth> {
  const secret = async (name: string): Promise<string> => {
    const value = await secrets.get(name);
    if (value === undefined) throw new Error(`secret ${name} is not configured: add it to the settings or the Key Vault (repository ${repositoryName(ref)})`);
    return value;
  };
  const auth = ref.auth;
  if (ref.provider === "github") {
    switch (auth.kind) {
      case "none":
        return { provider: "github", auth: undefined };
      case "token":
        return { provider: "github", auth: { kind: "token", token: await secret(auth.tokenSecret) } };
      case "github-app":
        return { provider: "github", auth: { kind: "app", appId: auth.appId, installationId: auth.installationId, privateKey: await secret(auth.privateKeySecret) } };
      case "basic":
        throw new Error(`basic authentication applies to git servers, not to GitHub repository ${ref.repository}: use a token or a GitHub App`);
      case "entra":
        throw new Error(`the app's Entra identity authenticates to Azure Repos, not to GitHub repository ${ref.repository}: use a token or a GitHub App`);
    }
  }
  if (ref.provider === "azure-devops") {
    switch (auth.kind) {
      case "token":
        return { provider: "azure-devops", authorization: patAuthorization(await secret(auth.tokenSecret)) };
      case "entra":
        if (!azureCredential) throw new Error(`Azure Repos ${ref.url} asks for the app's Entra identity, but this process has no Azure credential`);
        return { provider: "azure-devops", authorization: entraAuthorization(azureCredential) };
      default:
        throw new Error(`Azure Repos ${ref.url} takes { kind: token } (a personal access token) or { kind: entra } (the app's identity), not ${auth.kind}`);
    }
  }
  switch (auth.kind) {
    case "none":
      return { provider: "git", credentials: undefined };
    case "basic":
      return { provider: "git", credentials: { username: auth.username, password: await secret(auth.passwordSecret) } };
    case "token":
      // Azure Repos, GitLab and Gitea accept a personal access token as the Basic password.
      return { provider: "git", credentials: { username: "baton", password: await secret(auth.tokenSecret) } };
    case "github-app":
      throw new Error(`a GitHub App authenticates to GitHub repositories only, not to ${ref.url}`);
    case "entra":
      throw new Error(`the app's Entra identity authenticates to Azure Repos (provider azure-devops) only, not to ${ref.url}`);
  }
}
