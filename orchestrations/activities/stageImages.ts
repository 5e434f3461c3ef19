/** Reading and committing a stage's image: the GitOps writer behind the stage's edits. */
import type { ActivityInput, ActivityOutput, CommitEvidence } from "../../shared/durable/activityContracts.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { isGitOpsError } from "../../shared/gitops/errors.js";
import type { ImageVersion } from "../../shared/gitops/imageRef.js";
import { failed, succeeded } from "../../shared/steps/result.js";
import type { ActivityDeps } from "./deps.js";

type StageRef = ActivityInput<"readStageImages">;

const MERGE_METHOD = { merge: "MERGE", squash: "SQUASH", rebase: "REBASE" } as const;

export function imageName(ref: StageRef): string {
  return `${ref.image.registry}/${ref.image.repository}`;
}

function editsFor(ref: StageRef, version: (file: string) => ImageVersion | undefined): ImageEdit[] | string {
  const edits: ImageEdit[] = [];
  for (const e of ref.stage.edits) {
    const image = version(e.file);
    if (!image) return `no earlier version of ${e.file} to roll back to`;
    edits.push({ file: e.file, target: e.target, image });
  }
  return edits;
}

export function createReadStageImages(deps: ActivityDeps) {
  return async (ref: StageRef): Promise<ActivityOutput<"readStageImages">> => {
    const access = await deps.repository(ref.stage.repository);
    const name = imageName(ref);
    const previous: CommitEvidence["previous"] = [];
    for (const e of ref.stage.edits) {
      try {
        const current = await access.writer.read(ref.stage.repository.branch, { file: e.file, target: e.target, image: { name } });
        previous.push({ file: e.file, ...current.image });
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
    const { stage, image } = input;
    const name = imageName(input);
    const promoted: ImageVersion = { name, tag: image.tag, digest: image.digest };
    const edits =
      input.mode === "promote"
        ? editsFor(input, () => promoted)
        : editsFor(input, (file) => {
            const before = input.rollbackTo?.find((p) => p.file === file);
            return before && (before.tag || before.digest) ? { name: before.name ?? name, ...(before.tag ? { tag: before.tag } : {}), ...(before.digest ? { digest: before.digest } : {}) } : undefined;
          });
    if (typeof edits === "string") return failed(edits);
    const restored = edits[0]?.image;
    const context =
      input.mode === "promote" || !restored
        ? { promotionId: input.promotionId, pipeline: input.pipeline, stage: stage.name, image: promoted }
        : { promotionId: input.promotionId, pipeline: input.pipeline, stage: stage.name, image: restored, action: "rollback" as const };
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
