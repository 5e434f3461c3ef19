import type { ReadFile } from "../applyEdits.js";
import type { GitHubClient } from "./client.js";
import { isRequestError } from "./errors.js";

/** The few Git Data API calls the writers need, for one repository. No clone, no working tree. */
export class GitHubRepo {
  constructor(
    private readonly octokit: GitHubClient,
    readonly owner: string,
    readonly repo: string,
  ) {}

  /** The commit a branch points at; undefined when the branch does not exist. */
  async head(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ owner: this.owner, repo: this.repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (isRequestError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  fileReader(commit: string): ReadFile {
    return async (path) => {
      try {
        const { data } = await this.octokit.rest.repos.getContent({ owner: this.owner, repo: this.repo, path, ref: commit });
        if (Array.isArray(data) || data.type !== "file") return undefined;
        if (data.encoding === "base64") return Buffer.from(data.content, "base64").toString("utf8");
        // Files over 1 MB come without content: fetch the blob itself.
        const blob = await this.octokit.rest.git.getBlob({ owner: this.owner, repo: this.repo, file_sha: data.sha });
        return Buffer.from(blob.data.content, "base64").toString("utf8");
      } catch (error) {
        if (isRequestError(error) && error.status === 404) return undefined;
        throw error;
      }
    };
  }

  /** Creates blobs, one tree on top of the parent's and one commit; moves no ref. */
  async writeCommit(parent: string, files: Map<string, string>, message: string, author?: { name: string; email: string; date: string }): Promise<string> {
    const { owner, repo } = this;
    const { data: parentCommit } = await this.octokit.rest.git.getCommit({ owner, repo, commit_sha: parent });
    const entries = await Promise.all(
      [...files].map(async ([path, text]) => {
        const { data } = await this.octokit.rest.git.createBlob({ owner, repo, content: Buffer.from(text, "utf8").toString("base64"), encoding: "base64" });
        return { path, mode: "100644" as const, type: "blob" as const, sha: data.sha };
      }),
    );
    const { data: tree } = await this.octokit.rest.git.createTree({ owner, repo, base_tree: parentCommit.tree.sha, tree: entries });
    const { data: commit } = await this.octokit.rest.git.createCommit({ owner, repo, message, tree: tree.sha, parents: [parent], ...(author ? { author } : {}) });
    return commit.sha;
  }

  /** Moves a branch without force: GitHub refuses anything but a fast-forward (our compare-and-swap). */
  async moveBranch(branch: string, commit: string): Promise<void> {
    await this.octokit.rest.git.updateRef({ owner: this.owner, repo: this.repo, ref: `heads/${branch}`, sha: commit, force: false });
  }

  /** Creates a branch; fails with 422 when it already exists. */
  async createBranch(branch: string, commit: string): Promise<void> {
    await this.octokit.rest.git.createRef({ owner: this.owner, repo: this.repo, ref: `refs/heads/${branch}`, sha: commit });
  }
}
