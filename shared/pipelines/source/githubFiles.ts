import type { Octokit } from "@octokit/rest";
import type { FileAtCommit, RepositoryFiles } from "./repositoryFiles.js";

/**
 * Files of a GitHub repository through the REST API: the branch head first, then the file at
 * that exact commit, so text and commit always belong together even if the branch moves between.
 */
export function createGitHubRepositoryFiles(octokit: Pick<Octokit, "rest">, repository: string): RepositoryFiles {
  const [owner = "", repo = ""] = repository.split("/");
  const headCommit = (branch: string): Promise<string> =>
    octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }).then(
      (r) => r.data.object.sha,
      (cause: unknown) => {
        const hint = statusOf(cause) === 404 ? `: no branch ${branch} (or no access to the repository)` : "";
        throw new Error(`cannot read branch ${branch} of GitHub repository ${repository}${hint}`, { cause });
      },
    );
  return {
    headCommit,
    async readFile(branch, path): Promise<FileAtCommit | undefined> {
      const commit = await headCommit(branch);
      const data = await octokit.rest.repos.getContent({ owner, repo, path, ref: commit }).then(
        (r) => r.data,
        (cause: unknown) => {
          if (statusOf(cause) === 404) return undefined;
          throw new Error(`cannot read ${path} from GitHub repository ${repository} at ${commit}`, { cause });
        },
      );
      if (data === undefined) return undefined;
      if (Array.isArray(data) || data.type !== "file") throw new Error(`${path} in GitHub repository ${repository} is not a file`);
      // The contents API leaves `content` empty for files over 1 MB: far beyond any pipelines file.
      if (!("content" in data) || data.encoding !== "base64") throw new Error(`${path} in GitHub repository ${repository} is too large to read through the contents API`);
      return { text: Buffer.from(data.content, "base64").toString("utf8"), commit };
    },
  };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
}
