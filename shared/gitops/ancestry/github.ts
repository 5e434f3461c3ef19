/**
 * "Does commit D contain commit A?" through GitHub's compare API: D contains A when D is ahead
 * of A or identical to it. Used by readiness: Flux may report a later commit than ours.
 */
import type { CommitAncestry } from "../../readiness/ancestry.js";
import type { GitHubClient } from "../github/client.js";

export function createGitHubAncestry(octokit: GitHubClient, owner: string, repo: string): CommitAncestry {
  return {
    async contains(descendant, ancestor) {
      if (descendant === ancestor) return true;
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${ancestor}...${descendant}`, per_page: 1 });
      return data.status === "ahead" || data.status === "identical";
    },
  };
}
