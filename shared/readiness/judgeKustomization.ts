import { errored, failed, running, succeeded, type StepResult } from "../steps/result.js";
import { isFailureReason } from "./failureReasons.js";
import type { Reported } from "./observation.js";
import type { ReadyAt } from "./readyAt.js";
import { includesPromoted, type RelatedRevision } from "./relation.js";
import { describeTarget, type ReadinessQuery } from "./target.js";
import { generationLag, waitingDetail } from "./waitingDetail.js";

/** Revisions of the observation already related to the promoted commit. */
export interface KustomizationRelations {
  applied?: RelatedRevision;
  attempted?: RelatedRevision;
}

/**
 * Kustomization rules of protocols.md 3.5. Ready at R ⇔ observedGeneration == generation,
 * Ready=True and lastAppliedRevision == R (or, per issue 5, a descendant of R). Failed at R ⇔
 * lastAttemptedRevision == R != lastAppliedRevision with Ready=False; a failure at an older
 * revision is not ours and we keep waiting.
 */
export function judgeKustomization(
  query: ReadinessQuery,
  observation: Reported,
  relations: KustomizationRelations,
  retryAfterMs: number,
): StepResult<ReadyAt> {
  const what = describeTarget(query.target);
  const lag = generationLag(observation);
  if (lag) return running(retryAfterMs, `${what}: ${lag}`);

  const ready = observation.ready;
  const applied = relations.applied;
  if (ready?.status === "True" && applied && includesPromoted(applied.relation)) {
    return succeeded({ revision: applied.revision, match: applied.relation, source: observation.source, reportedAt: observation.reportedAt });
  }
  const attempted = relations.attempted;
  if (
    ready?.status === "False" &&
    isFailureReason(ready.reason) &&
    attempted &&
    includesPromoted(attempted.relation) &&
    attempted.revision !== observation.appliedRevision
  ) {
    return failed(`Flux failed to reconcile ${what} at ${attempted.revision}: ${ready.reason}: ${ready.message}`);
  }
  if (observation.stale) return errored(`${what}: ${observation.stale}; last seen ${waitingDetail(observation, applied)}`);
  return running(retryAfterMs, `${what}: ${waitingDetail(observation, applied)}`);
}
