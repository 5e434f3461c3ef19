import { errored, failed, running, succeeded, type StepResult } from "../../steps/result.js";
import type { CommitAncestry } from "../ancestry.js";
import type { Reported } from "../observation.js";
import type { ReadyAt } from "../readyAt.js";
import { bestRelation, includesPromoted } from "../relation.js";
import { describeTarget, type ReadinessQuery } from "../target.js";
import { waitingDetail } from "../waitingDetail.js";

/**
 * Argo CD Application rules: Ready at R ⇔ Synced and Healthy with the synced revision R equal to
 * the promoted commit or a descendant of it. Failed at R ⇔ a failed sync operation, or Degraded
 * while synced, at R containing the promoted commit; a failure at an older revision is not ours.
 */
export async function judgeApplication(query: ReadinessQuery, observation: Reported, ancestry: CommitAncestry, retryAfterMs: number): Promise<StepResult<ReadyAt>> {
  const what = describeTarget(query.target);
  const ready = observation.ready;
  const applied = await bestRelation([observation.appliedRevision], query.promotedCommit, ancestry);
  if (ready?.status === "True" && applied && includesPromoted(applied.relation)) {
    return succeeded({ revision: applied.revision, match: applied.relation, source: observation.source, reportedAt: observation.reportedAt });
  }
  if (ready?.status === "False") {
    const attempted = await bestRelation([observation.attemptedRevision], query.promotedCommit, ancestry);
    if (attempted && includesPromoted(attempted.relation)) {
      return failed(`Argo CD reports ${what} ${ready.reason} at ${attempted.revision}: ${ready.message}`);
    }
  }
  if (observation.stale) return errored(`${what}: ${observation.stale}; last seen ${waitingDetail(observation, applied)}`);
  return running(retryAfterMs, `${what}: ${waitingDetail(observation, applied)}`);
}
