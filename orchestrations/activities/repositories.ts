/** Builds (once per repository) the writer, pull-request writer and ancestry check a stage uses. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SecretSource } from "../../shared/config/secrets.js";
import { createGitHubAncestry } from "../../shared/gitops/ancestry/github.js";
import { authorizedGitHttp } from "../../shared/gitops/azureDevOps/authorization.js";
import { createAzureReposPullRequests } from "../../shared/gitops/azureDevOps/pullRequests.js";
import { createAzureReposApi, reposCloneUrl } from "../../shared/gitops/azureDevOps/reposApi.js";
import { createSmartHttpAncestry } from "../../shared/gitops/ancestry/smartHttp.js";
import { BranchQueue } from "../../shared/gitops/branchQueue.js";
import { realTiming } from "../../shared/gitops/casRetry.js";
import { createGitHubClient } from "../../shared/gitops/github/client.js";
import { createGitHubPullRequests } from "../../shared/gitops/github/pullRequests.js";
import { createGitHubWriter } from "../../shared/gitops/github/writer.js";
import { resolveRepositoryAuth } from "../../shared/gitops/repositoryCredentials.js";
import { WarmRepositories } from "../../shared/gitops/smartHttp/warmRepositories.js";
import { createSmartHttpWriter } from "../../shared/gitops/smartHttp/writer.js";
import { fetchGitHttp } from "../../shared/net/gitHttp.js";
import type { TokenCredential } from "@azure/identity";
import type { RepositoryRef } from "../../shared/pipelines/config/model.js";
import type { RepositoryAccess } from "./deps.js";
import type { ActivitySettings } from "./settings.js";

/**
 * `fetch` carries every request to the repository (the outbound guard in production);
 * `azureCredential` is the app's identity, for Azure Repos with `{ kind: entra }`.
 */
export function repositoryAccess(
  settings: ActivitySettings,
  secrets: SecretSource,
  now: () => Date,
  fetch: typeof globalThis.fetch,
  azureCredential?: () => TokenCredential,
): (ref: RepositoryRef) => Promise<RepositoryAccess> {
  const http = fetchGitHttp(fetch);
  // One queue per host: same-branch commits from this process wait for each other instead of racing.
  const queue = new BranchQueue();
  mkdirSync(settings.scratchRoot, { recursive: true });
  // One set of warm object stores per process: every writer of a repository and branch shares it,
  // so concurrent promotions' commits are batched into one push.
  const warm = new WarmRepositories(join(settings.scratchRoot, "warm"));
  const cache = new Map<string, Promise<RepositoryAccess>>();
  return (ref) => {
    const key = JSON.stringify(ref);
    let access = cache.get(key);
    if (!access) {
      access = open(ref);
      // A failure (a missing secret) must not stick: the next call tries again.
      access.catch(() => cache.delete(key));
      cache.set(key, access);
    }
    return access;
  };

  async function open(ref: RepositoryRef): Promise<RepositoryAccess> {
    const resolved = await resolveRepositoryAuth(ref, secrets, azureCredential?.());
    if (ref.provider === "github") {
      if (resolved.provider !== "github" || !resolved.auth) throw new Error(`GitHub repository ${ref.repository} needs a token or a GitHub App to commit`);
      const [owner = "", repo = ""] = ref.repository.split("/");
      const octokit = createGitHubClient({ auth: resolved.auth, ...(ref.apiUrl ? { baseUrl: ref.apiUrl } : {}) }, { fetch });
      const config = { owner, repo, author: settings.author };
      return {
        writer: createGitHubWriter(config, { octokit, timing: realTiming, now, queue }),
        pullRequests: createGitHubPullRequests(config, { octokit, timing: realTiming, now }),
        ancestry: createGitHubAncestry(octokit, owner, repo),
      };
    }
    if (ref.provider === "azure-devops") {
      if (resolved.provider !== "azure-devops") throw new Error(`inconsistent repository auth for ${ref.url}`);
      // Git and REST send the same Authorization header (PAT as Basic, or an Entra bearer token).
      const authorized = authorizedGitHttp(http, resolved.authorization);
      const url = reposCloneUrl(ref.url);
      const writer = createSmartHttpWriter({ url, author: settings.author, scratchRoot: settings.scratchRoot }, { http: authorized, timing: realTiming, now, warm });
      return {
        writer,
        pullRequests: createAzureReposPullRequests({ api: createAzureReposApi(ref.url, { fetch, authorize: resolved.authorization }), writer }),
        ancestry: createSmartHttpAncestry({ url, branch: ref.branch, scratchRoot: settings.scratchRoot }, authorized),
      };
    }
    const credentials = resolved.provider === "git" ? resolved.credentials : undefined;
    return {
      writer: createSmartHttpWriter(
        { url: ref.url, author: settings.author, scratchRoot: settings.scratchRoot, ...(credentials ? { credentials } : {}) },
        { http, timing: realTiming, now, warm },
      ),
      ancestry: createSmartHttpAncestry({ url: ref.url, branch: ref.branch, scratchRoot: settings.scratchRoot, ...(credentials ? { credentials } : {}) }, http),
    };
  }
}
