import { applyEdits } from "../applyEdits.js";
import { defaultRetryPolicy, retryOnLostRace, type RetryTiming } from "../casRetry.js";
import { commitMessage } from "../commitMessage.js";
import type { FieldChange } from "../edit.js";
import { GitOpsError } from "../errors.js";
import {
  pullRequestBody,
  pullRequestBranch,
  pullRequestOutcome,
  pullRequestTitle,
  type PullRequestRequest,
  type PullRequestResult,
  type PullRequestState,
  type PullRequestWriter,
} from "../pullRequest.js";
import type { GitHubClient } from "./client.js";
import { isLostRace, toGitOpsError } from "./errors.js";
import { GitHubRepo } from "./repoApi.js";
import type { GitHubWriterConfig } from "./writer.js";

const enableAutoMerge = `mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId, mergeMethod: $mergeMethod }) { pullRequest { number } }
}`;

/** Pull-request mode on GitHub: a promotion branch per pipeline/stage/version, one PR, optional auto-merge. */
export function createGitHubPullRequests(config: GitHubWriterConfig, deps: { octokit: GitHubClient; timing: RetryTiming; now: () => Date }): PullRequestWriter {
  const { owner, repo: name } = config;
  const repo = new GitHubRepo(deps.octokit, owner, name);
  const where = `github.com/${owner}/${name}`;

  /** Makes the promotion branch hold the edits; returns its head, or `unchanged` when the base already does. */
  async function pushBranch(request: PullRequestRequest, branch: string): Promise<PushedBranch> {
    return retryOnLostRace<PushedBranch>(config.retry ?? defaultRetryPolicy, deps.timing, `${where} ${branch}`, async () => {
      const base = await repo.head(request.branch);
      if (!base) throw new GitOpsError("repository-not-found", `${where}: base branch ${request.branch} does not exist.`);
      const onBase = await applyEdits(repo.fileReader(base), request.edits);
      if (onBase.files.size === 0) return { done: { unchanged: base } };
      const author = config.author ? { ...config.author, date: deps.now().toISOString() } : undefined;
      const existing = await repo.head(branch);
      try {
        if (!existing) {
          const commit = await repo.writeCommit(base, onBase.files, commitMessage(request.context, onBase.changes), author);
          await repo.createBranch(branch, commit);
          return { done: { commit, changes: onBase.changes } };
        }
        // An earlier attempt pushed the branch: keep it, and top it up only if it lacks a value.
        const onBranch = await applyEdits(repo.fileReader(existing), request.edits);
        if (onBranch.files.size === 0) return { done: { commit: existing, changes: onBase.changes } };
        const commit = await repo.writeCommit(existing, onBranch.files, commitMessage(request.context, onBranch.changes), author);
        await repo.moveBranch(branch, commit);
        return { done: { commit, changes: onBase.changes } };
      } catch (error) {
        if (isLostRace(error)) return { lostRace: `${branch} changed while pushing` };
        throw error;
      }
    });
  }

  async function open(request: PullRequestRequest): Promise<PullRequestResult> {
    const head = pullRequestBranch(request.context);
    try {
      const pushed = await pushBranch(request, head);
      if ("unchanged" in pushed) return { status: "unchanged", commit: pushed.unchanged };
      const { data: found } = await deps.octokit.rest.pulls.list({ owner, repo: name, head: `${owner}:${head}`, base: request.branch, state: "open" });
      const existing = found[0];
      if (existing) return { status: "existing", number: existing.number, url: existing.html_url, head, commit: pushed.commit };
      const options = request.pullRequest ?? {};
      const { data: pr } = await deps.octokit.rest.pulls.create({
        owner,
        repo: name,
        head,
        base: request.branch,
        title: pullRequestTitle(request.context),
        body: pullRequestBody(request.context, pushed.changes, options),
      });
      if (options.labels?.length) await deps.octokit.rest.issues.addLabels({ owner, repo: name, issue_number: pr.number, labels: options.labels });
      if (options.autoMerge) await deps.octokit.graphql(enableAutoMerge, { pullRequestId: pr.node_id, mergeMethod: options.autoMerge });
      return { status: "opened", number: pr.number, url: pr.html_url, head, commit: pushed.commit };
    } catch (error) {
      throw toGitOpsError(error, `${where} pull request ${head}`);
    }
  }

  async function state(number: number): Promise<PullRequestState> {
    let pr;
    try {
      ({ data: pr } = await deps.octokit.rest.pulls.get({ owner, repo: name, pull_number: number }));
    } catch (error) {
      throw toGitOpsError(error, `${where} pull request #${number}`);
    }
    return pr.state === "open" ? { state: "open" } : pullRequestOutcome(pr);
  }

  return { open, state };
}

type PushedBranch = { commit: string; changes: readonly FieldChange[] } | { unchanged: string };
