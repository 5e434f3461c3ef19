/** Reading and committing a stage's image: the GitOps writer behind the stage's edits. */
import type { ActivityInput, ActivityOutput, CommitEvidence, StageRef } from "../../shared/durable/activityContracts.js";
import { isGitOpsError } from "../../shared/gitops/errors.js";
import type { ObservedImage } from "../../shared/gitops/imageRef.js";
import { commitContext, editImage, nameOf, promoteEdits, rollbackEdits } from "../../shared/bundles/stageEdits.js";
import { failed, succeeded } from "../../shared/steps/result.js";
import { refusedOrThrown } from "../../shared/steps/refusal.js";
import type { TimelineInput } from "../../shared/durable/timeline.js";
import type { StepResult } from "../../shared/steps/result.js";
import type { ActivityDeps, RaiseEvent, RepositoryAccess } from "./deps.js";
import { nudgeFlux, refreshApplications } from "./flux.js";
import { takeStageLock } from "./stageLock.js";

const MERGE_METHOD = { merge: "MERGE", squash: "SQUASH", rebase: "REBASE" } as const;

export function imageName(ref: StageRef): string {
  return `${ref.image.registry}/${ref.image.repository}`;
}

/** What the stage runs now, per edit file (not an activity: part of `enterStage` and `commitStage`). */
export function createReadStageImages(deps: ActivityDeps) {
  return async (ref: StageRef): Promise<StepResult<CommitEvidence["previous"]>> => {
    let access: RepositoryAccess;
    try {
      access = await deps.repository(ref.stage.repository);
    } catch (error) {
      return refusedOrThrown(error);
    }
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

/**
 * One step for everything around a commit (each activity is a queue round trip on Azure): mark
 * the lock, commit (which also says what ran before, for a rollback), record it, subscribe the
 * readiness waits, nudge. Safe to retry: a lock already marked stays ours, the writer answers
 * "unchanged" for a commit that landed (then `previous` is not needed: nothing changed, nothing
 * to roll back), and the note and subscriptions are idempotent.
 */
export function createCommitStage(deps: ActivityDeps, raise: RaiseEvent) {
  const commit = createCommit(deps);
  return async (input: ActivityInput<"commitStage">): Promise<ActivityOutput<"commitStage">> => {
    let lock: Extract<ActivityOutput<"enterStage">["lock"], { acquired: true }> | undefined;
    let marked = false;
    if (input.enter && input.markLock) {
      // The stage's way in, in the same step (a stage without approval): no lock, no commit.
      // A lock taken here is taken already marked: one storage write instead of two.
      const entered = await takeStageLock(deps, raise, { lockKey: input.markLock, stage: input.stage.name, promotionId: input.promotionId, ...input.enter }, { committed: true });
      if (!entered.lock.acquired) return { kind: "locked", lock: entered.lock };
      lock = entered.lock;
      marked = entered.marked;
    }
    const done = (output: Extract<ActivityOutput<"commitStage">, { kind: "committed" }>): ActivityOutput<"commitStage"> => (lock ? { ...output, lock } : output);
    if (input.markLock && !marked) {
      const mark = await deps.locks.markCommitted(input.markLock, input.promotionId);
      if (!mark.held) return { kind: "superseded", ...(mark.holder ? { holder: mark.holder } : {}) };
    }
    // `previous` (what to roll back to) comes with the commit, read from the text it was built on.
    const result = await commit(input);
    if (result.status !== "succeeded") return done({ kind: "committed", result, reports: [] });
    const evidence = result.value;
    if (evidence.pullRequest) return done({ kind: "committed", result: succeeded(evidence), reports: [] });
    const note = commitNote(input, evidence);
    // Side by side: a subscription writes its wait before it reads the last report, so a report
    // that a nudge (or Flux on its own) sends meanwhile is seen either way.
    const [, reports] = await Promise.all([
      note ? deps.timeline.append([note]) : undefined,
      input.watch ? Promise.all(input.watch.waits.map(async (w) => (await deps.signals.subscribe(input.watch?.instanceId ?? "", w)) ?? null)) : [],
      input.nudge ? nudge(deps, input) : undefined,
    ]);
    return done({ kind: "committed", result: succeeded(evidence), reports });
  };
}

/** The timeline entry of a commit the activity made (none for a pull request: its merge is noted later). */
export function commitNote(input: ActivityInput<"commitStage">, evidence: CommitEvidence): TimelineInput | undefined {
  if (!input.note || evidence.pullRequest) return undefined;
  return {
    promotionId: input.promotionId,
    entryId: input.note.entryId,
    at: input.note.at,
    entry: {
      kind: input.mode === "promote" ? "commit" : "rollback",
      stage: input.stage.name,
      commit: evidence.commit,
      changed: evidence.changed,
      repository: input.note.repository,
      changes: evidence.changes.map((c) => ({ file: c.file, where: c.where, ...(c.from !== undefined ? { from: c.from } : {}), to: c.to })),
    },
  };
}

/** Best effort: without the nudge Flux and Argo CD still reconcile on their own intervals. */
async function nudge(deps: ActivityDeps, input: ActivityInput<"commitStage">): Promise<void> {
  const receiver = input.stage.readiness.receiver;
  const nudges: Promise<unknown>[] = [];
  if (receiver) nudges.push(nudgeFlux(deps)({ url: receiver.url, tokenSecret: receiver.tokenSecret, promotionId: input.promotionId }));
  if (input.stage.readiness.argocdRefresh) nudges.push(refreshApplications(deps)({ stage: input.stage }));
  await Promise.allSettled(nudges);
}

function createCommit(deps: ActivityDeps) {
  return async (input: ActivityInput<"commitStage">): Promise<StepResult<CommitEvidence>> => {
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
      if (result.status !== "committed") return succeeded({ commit: result.commit, changed: false, changes: [], previous: [] });
      // A rollback's own `before` is the promoted version: nothing to roll back to from there.
      const previous = input.mode === "promote" ? previousOf(edits, planned.members, result.before) : [];
      return succeeded({ commit: result.commit, changed: true, changes: result.changes, previous });
    } catch (error) {
      // Transient trouble throws, so the activity's retry policy runs it again; terminal never does.
      if (isGitOpsError(error) && !error.retryable) return failed(error.message);
      return refusedOrThrown(error);
    }
  };
}

/** Per edit that had a version before the commit: the file, that version, and its bundle member. */
function previousOf(edits: readonly { file: string }[], members: readonly (string | undefined)[], before: readonly (ObservedImage | undefined)[]): CommitEvidence["previous"] {
  return edits.flatMap((e, i) => {
    const image = before[i];
    const member = members[i];
    return image ? [{ file: e.file, ...image, ...(member ? { member } : {}) }] : [];
  });
}
