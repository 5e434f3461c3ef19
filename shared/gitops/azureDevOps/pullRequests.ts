/**
 * Pull-request mode on Azure Repos: the promotion branch (`baton/<pipeline>/<stage>/<version>`) is
 * created from the base through the REST API and gets the promotion commit over smart HTTP (the
 * same writer, so the same byte-exact edits and trailers as a direct commit); then one pull
 * request, optionally set to auto-complete. `open` is safe to retry: it finds the branch, its
 * commit and the active pull request again.
 */
import { commitMessage, type PromotionContext } from "../commitMessage.js";
import type { FieldChange } from "../edit.js";
import { GitOpsError } from "../errors.js";
import { pullRequestBody, pullRequestBranch, pullRequestTitle, type PullRequestRequest, type PullRequestResult, type PullRequestState, type PullRequestWriter } from "../pullRequest.js";
import type { GitWriter } from "../writer.js";
import type { AzureReposApi, CompletionOptions } from "./reposApi.js";

/** Azure DevOps refuses a pull request description longer than this. */
const DESCRIPTION_LIMIT = 4000;

const STRATEGY: Record<"MERGE" | "SQUASH" | "REBASE", CompletionOptions["mergeStrategy"]> = { MERGE: "noFastForward", SQUASH: "squash", REBASE: "rebase" };

export function createAzureReposPullRequests(deps: { api: AzureReposApi; writer: GitWriter }): PullRequestWriter {
  const { api, writer } = deps;

  async function open(request: PullRequestRequest): Promise<PullRequestResult> {
    const head = pullRequestBranch(request.context);
    const base = await api.branchHead(request.branch);
    if (!base) throw new GitOpsError("repository-not-found", `${api.where}: base branch ${request.branch} does not exist.`);
    let created = false;
    if ((await api.branchHead(head)) === undefined) created = await api.createBranch(head, base);
    const pushed = await writer.commit({ branch: head, edits: request.edits, context: request.context });
    // Nothing to change on a branch fresh from the base: the base already holds the values.
    if (pushed.status === "unchanged" && (created || pushed.commit === base)) return { status: "unchanged", commit: pushed.commit };
    const changes = pushed.status === "committed" ? pushed.changes : [];
    const existing = await api.findActivePullRequest(head, request.branch);
    if (existing) return { status: "existing", number: existing.pullRequestId, url: api.pullRequestUrl(existing.pullRequestId), head, commit: pushed.commit };
    const options = request.pullRequest ?? {};
    const pr = await api.createPullRequest({
      source: head,
      target: request.branch,
      title: pullRequestTitle(request.context),
      description: limited(pullRequestBody(request.context, changes, options)),
      labels: options.labels ?? [],
    });
    if (options.autoMerge) {
      const setBy = pr.createdBy?.id;
      if (!setBy) throw new GitOpsError("invalid-edit", `${api.where}: pull request !${pr.pullRequestId} names no creator, so auto-complete cannot be set.`);
      await api.setAutoComplete(pr.pullRequestId, setBy, {
        mergeStrategy: STRATEGY[options.autoMerge],
        deleteSourceBranch: options.deleteSourceBranch ?? true,
        mergeCommitMessage: mergeMessage(request.context, changes),
      });
    }
    return { status: "opened", number: pr.pullRequestId, url: api.pullRequestUrl(pr.pullRequestId), head, commit: pushed.commit };
  }

  async function state(number: number): Promise<PullRequestState> {
    const pr = await api.getPullRequest(number);
    if (pr.status === "completed") {
      const commit = pr.lastMergeCommit?.commitId;
      // Completed but its merge commit not reported yet: still open as far as the stage is concerned.
      return commit ? { state: "merged", mergeCommit: commit } : { state: "open" };
    }
    if (pr.status === "abandoned") {
      throw new GitOpsError("pull-request-closed", `Pull request !${number} in ${api.where} was abandoned without merging; the promotion stops here.`);
    }
    return { state: "open" };
  }

  return { open, state };
}

function limited(text: string): string {
  if (text.length <= DESCRIPTION_LIMIT) return text;
  const note = "\n\n(The list of changes is cut here: the commit message lists every change.)";
  return text.slice(0, DESCRIPTION_LIMIT - note.length) + note;
}

/** The squash or merge commit keeps the promotion commit's message, trailers included. */
function mergeMessage(context: PromotionContext, changes: readonly FieldChange[]): string {
  return commitMessage(context, changes);
}
