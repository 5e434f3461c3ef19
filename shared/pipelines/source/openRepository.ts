import type { TokenCredential } from "@azure/identity";
import { Octokit } from "@octokit/rest";
import type { HttpClient } from "isomorphic-git";
import type { SecretSource } from "../../config/secrets.js";
import { createAzureReposApi } from "../../gitops/azureDevOps/reposApi.js";
import { createGitHubClient } from "../../gitops/github/client.js";
import { repositoryName, resolveRepositoryAuth } from "../../gitops/repositoryCredentials.js";
import type { RepositoryRef } from "../config/model.js";
import { createAzureReposFiles } from "./azureReposFiles.js";
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
  /** The app's Entra identity, asked for only when an Azure Repos source uses `{ kind: entra }`. */
  azureCredential?: () => TokenCredential | Promise<TokenCredential>;
}

/** A RepositoryFiles for a repository reference, its secrets resolved by name at this moment. */
export async function openRepositoryFiles(ref: RepositoryRef, deps: OpenRepositoryDeps): Promise<RepositoryFiles> {
  const credential = ref.auth.kind === "entra" ? await deps.azureCredential?.() : undefined;
  const resolved = await resolveRepositoryAuth(ref, deps.secrets, credential);
  if (ref.provider === "azure-devops" && resolved.provider === "azure-devops") {
    return createAzureReposFiles(createAzureReposApi(ref.url, { fetch: deps.fetch ?? fetch, authorize: resolved.authorization }));
  }
  if (ref.provider === "github" && resolved.provider === "github") {
    const baseUrl = ref.apiUrl ?? "https://api.github.com";
    const fetchDep = deps.fetch ? { fetch: deps.fetch } : {};
    if (!resolved.auth) return createGitHubRepositoryFiles(new Octokit({ baseUrl, userAgent: "baton-pipelines", request: fetchDep }), ref.repository);
    const client = createGitHubClient({ baseUrl, auth: resolved.auth, ...(deps.throttle === undefined ? {} : { throttle: deps.throttle }) }, fetchDep);
    return createGitHubRepositoryFiles(client, ref.repository);
  }
  if (ref.provider !== "git" || resolved.provider !== "git") throw new Error(`inconsistent repository auth for ${where(ref)}`);
  return createSmartHttpRepositoryFiles({ url: ref.url, http: deps.http, scratchRoot: deps.scratchRoot, ...(resolved.credentials ? { credentials: resolved.credentials } : {}) });
}

/** How a repository is named in messages and origins: never with credentials. */
export function where(ref: RepositoryRef): string {
  return repositoryName(ref);
}
