/** Reading and committing a stage's image: the GitOps writer behind the stage's edits. */
import type { ActivityInput, ActivityOutput, CommitEvidence } from "../../shared/durable/activityContracts.js";
import { isGitOpsError } from "../../shared/gitops/errors.js";
import { commitContext, editImage, nameOf, promoteEdits, rollbackEdits } from "../../shared/bundles/stageEdits.js";
import { failed, succeeded } from "../../shared/steps/result.js";
import type { ActivityDeps } from "./deps.js";

type StageRef = ActivityInput<"readStageImages">;

const MERGE_METHOD = { merge: "MERGE", squash: "SQUASH", rebase: "REBASE" } as const;

export function imageName(ref: StageRef): string {
  return `${ref.image.registry}/${ref.image.repository}`;
}

export function createReadStageImages(deps: ActivityDeps) {
  return async (ref: StageRef): Promise<ActivityOutput<"readStageImages">> => {
    const access = await deps.repository(ref.stage.repository);
    const previous: CommitEvidence["previous"] = [];
    for (const e of ref.stage.edits) {
      const set = editImage(ref, e);
      if (!set) return failed(`the bundle has no image "${e.image ?? "(primary)"}" for ${e.file}`);
      try {
        const current = await access.writer.read(ref.stage.repository.branch, { file: e.file, target: e.target, image: { name: nameOf(set.image) } });
        previous.push({ file: e.file, ...current.image, ...(set.member ? { member: set.member } : {}) });
      } catch (error) {
        if (isGitOpsError(error) && !error.retryable) {
          // Nothing there yet (e.g. an entry the commit will add): nothing to roll back to.
          if (error.kind === "target-not-found") continue;
          return failed(error.message);
        }
        throw error;
      }
    }
    return succeeded(previous);
  };
}

export function createCommitStage(deps: ActivityDeps) {
  return async (input: ActivityInput<"commitStage">): Promise<ActivityOutput<"commitStage">> => {
    const { stage } = input;
    // Bundles: each edit sets the member it names, all in this one commit (shared/bundles).
    const planned = input.mode === "promote" ? promoteEdits(input) : rollbackEdits(input, input.rollbackTo);
    if (typeof planned === "string") return failed(planned);
    const { edits } = planned;
    const context = commitContext(input, input.mode, planned);
    try {
      const access = await deps.repository(stage.repository);
      if (stage.writeMode === "pull-request" && input.mode === "promote") {
        if (!access.pullRequests) return failed(`pull-request mode is not available for ${stage.repository.provider} repositories`);
        const pr = await access.pullRequests.open({
          branch: stage.repository.branch,
          edits,
          context,
          pullRequest: {
            labels: stage.pullRequest?.labels ?? [],
            ...(stage.pullRequest?.autoMerge ? { autoMerge: MERGE_METHOD[stage.pullRequest.mergeMethod ?? "squash"] } : {}),
            ...(stage.pullRequest?.deleteSourceBranch === undefined ? {} : { deleteSourceBranch: stage.pullRequest.deleteSourceBranch }),
          },
        });
        if (pr.status === "unchanged") return succeeded({ commit: pr.commit, changed: false, changes: [], previous: [] });
        return succeeded({ commit: pr.commit, changed: true, changes: [], previous: [], pullRequest: { number: pr.number, url: pr.url } });
      }
      const result = await access.writer.commit({ branch: stage.repository.branch, edits, context });
      return result.status === "committed"
        ? succeeded({ commit: result.commit, changed: true, changes: result.changes, previous: [] })
        : succeeded({ commit: result.commit, changed: false, changes: [], previous: [] });
    } catch (error) {
      // Transient trouble throws, so the activity's retry policy runs it again; terminal never does.
      if (isGitOpsError(error) && !error.retryable) return failed(error.message);
      throw error;
    }
  };
}
