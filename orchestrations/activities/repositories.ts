/** Builds (once per repository) the writer, pull-request writer and ancestry check a stage uses. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SecretSource } from "../../shared/config/secrets.js";
import { createGitHubAncestry } from "../../shared/gitops/ancestry/github.js";
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
import type { RepositoryRef } from "../../shared/pipelines/config/model.js";
import type { RepositoryAccess } from "./deps.js";
import type { ActivitySettings } from "./settings.js";

/** `fetch` carries every request to the repository (the outbound guard in production). */
export function repositoryAccess(settings: ActivitySettings, secrets: SecretSource, now: () => Date, fetch: typeof globalThis.fetch): (ref: RepositoryRef) => Promise<RepositoryAccess> {
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
    const resolved = await resolveRepositoryAuth(ref, secrets);
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
