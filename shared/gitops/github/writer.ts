import { applyEdits } from "../applyEdits.js";
import type { BranchQueue } from "../branchQueue.js";
import { defaultRetryPolicy, retryOnLostRace, type RetryPolicy, type RetryTiming } from "../casRetry.js";
import { commitMessage } from "../commitMessage.js";
import type { ImageEdit } from "../edit.js";
import { readImage } from "../editFile.js";
import { GitOpsError } from "../errors.js";
import type { CommitIdentity, CommitRequest, CommitResult, CurrentImage, GitWriter } from "../writer.js";
import type { GitHubClient } from "./client.js";
import { isLostRace, toGitOpsError } from "./errors.js";
import { GitHubRepo } from "./repoApi.js";

export interface GitHubWriterConfig {
  owner: string;
  repo: string;
  /** Commit author; GitHub uses the App or token identity when absent. */
  author?: CommitIdentity;
  retry?: RetryPolicy;
}

export interface GitHubWriterDeps {
  octokit: GitHubClient;
  timing: RetryTiming;
  now: () => Date;
  /** Shared by every writer in this host so same-branch commits queue instead of racing. */
  queue?: BranchQueue;
}

/** Commits through GitHub's Git Data API: blobs, one tree, one commit, then a fast-forward-only ref move. */
export function createGitHubWriter(config: GitHubWriterConfig, deps: GitHubWriterDeps): GitWriter {
  const repo = new GitHubRepo(deps.octokit, config.owner, config.repo);
  const where = (branch: string): string => `github.com/${config.owner}/${config.repo} ${branch}`;

  async function headOf(branch: string): Promise<string> {
    const head = await repo.head(branch);
    if (!head) throw new GitOpsError("repository-not-found", `${where(branch)}: branch does not exist.`);
    return head;
  }

  async function commit(request: CommitRequest): Promise<CommitResult> {
    return deps.queue ? deps.queue.run(`${where(request.branch)}`, () => commitNow(request)) : commitNow(request);
  }

  async function commitNow(request: CommitRequest): Promise<CommitResult> {
    try {
      return await retryOnLostRace<CommitResult>(config.retry ?? defaultRetryPolicy, deps.timing, where(request.branch), async (attempt) => {
        const head = await headOf(request.branch);
        const edited = await applyEdits(repo.fileReader(head), request.edits);
        if (edited.files.size === 0) return { done: { status: "unchanged", commit: head } };
        const author = config.author ? { ...config.author, date: deps.now().toISOString() } : undefined;
        const created = await repo.writeCommit(head, edited.files, commitMessage(request.context, edited.changes), author);
        try {
          await repo.moveBranch(request.branch, created);
        } catch (error) {
          if (isLostRace(error)) return { lostRace: `${request.branch} moved from ${head}` };
          throw error;
        }
        return { done: { status: "committed", commit: created, parent: head, changes: edited.changes, before: edited.before, attempts: attempt } };
      });
    } catch (error) {
      throw toGitOpsError(error, where(request.branch));
    }
  }

  async function read(branch: string, edit: ImageEdit): Promise<CurrentImage> {
    try {
      const head = await headOf(branch);
      const text = await repo.fileReader(head)(edit.file);
      if (text === undefined) throw new GitOpsError("file-missing", `${edit.file} does not exist on ${branch} at ${head}.`);
      return { commit: head, image: readImage(text, edit) };
    } catch (error) {
      throw toGitOpsError(error, where(branch));
    }
  }

  return { commit, read };
}
