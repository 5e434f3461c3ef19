import { Octokit } from "@octokit/rest";
import type { HttpClient } from "isomorphic-git";
import type { SecretSource } from "../../config/secrets.js";
import { createGitHubClient } from "../../gitops/github/client.js";
import type { RepositoryRef } from "../config/model.js";
import { createGitHubRepositoryFiles } from "./githubFiles.js";
import type { RepositoryFiles } from "./repositoryFiles.js";
import { createSmartHttpRepositoryFiles } from "./smartHttpFiles.js";

export interface OpenRepositoryDeps {
  secrets: SecretSource;
  /** isomorphic-git HTTP client for smart-HTTP servers. */
  http: HttpClient;
  scratchRoot: string;
  fetch?: typeof fetch;
  /** Only a local fake server may turn GitHub write pacing off (reads are not paced anyway). */
  throttle?: boolean;
}

/** A RepositoryFiles for a repository reference, its secrets resolved by name at this moment. */
export async function openRepositoryFiles(ref: RepositoryRef, deps: OpenRepositoryDeps): Promise<RepositoryFiles> {
  const secret = async (name: string): Promise<string> => {
    const value = await deps.secrets.get(name);
    if (value === undefined) throw new Error(`secret ${name} is not configured: add it to the settings or the Key Vault (repository ${where(ref)})`);
    return value;
  };
  const auth = ref.auth;
  if (ref.provider === "github") {
    const baseUrl = ref.apiUrl ?? "https://api.github.com";
    const fetchDep = deps.fetch ? { fetch: deps.fetch } : {};
    const clientOptions = { baseUrl, ...(deps.throttle === undefined ? {} : { throttle: deps.throttle }) };
    switch (auth.kind) {
      case "none":
        return createGitHubRepositoryFiles(new Octokit({ baseUrl, userAgent: "baton-pipelines", request: fetchDep }), ref.repository);
      case "token":
        return createGitHubRepositoryFiles(createGitHubClient({ ...clientOptions, auth: { kind: "token", token: await secret(auth.tokenSecret) } }, fetchDep), ref.repository);
      case "github-app": {
        const privateKey = await secret(auth.privateKeySecret);
        return createGitHubRepositoryFiles(createGitHubClient({ ...clientOptions, auth: { kind: "app", appId: auth.appId, installationId: auth.installationId, privateKey } }, fetchDep), ref.repository);
      }
      case "basic":
        throw new Error(`basic authentication applies to git servers, not to GitHub repository ${ref.repository}: use a token or a GitHub App`);
    }
  }
  const credentials =
    auth.kind === "basic"
      ? { username: auth.username, password: await secret(auth.passwordSecret) }
      : auth.kind === "token"
        ? // Azure Repos, GitLab and Gitea accept a personal access token as the Basic password.
          { username: "baton", password: await secret(auth.tokenSecret) }
        : undefined;
  if (auth.kind === "github-app") throw new Error(`a GitHub App authenticates to GitHub repositories only, not to ${ref.url}`);
  return createSmartHttpRepositoryFiles({ url: ref.url, http: deps.http, scratchRoot: deps.scratchRoot, ...(credentials ? { credentials } : {}) });
}

/** How a repository is named in messages and origins: never with credentials. */
export function where(ref: RepositoryRef): string {
  return ref.provider === "github" ? ref.repository : ref.url;
}
