import { errored, type StepResult } from "../steps/result.js";
import type { CommitAncestry } from "./ancestry.js";
import { judgeApplication } from "./argocd/judgeApplication.js";
import { judgeHelmRelease } from "./judgeHelmRelease.js";
import { judgeKustomization, type KustomizationRelations } from "./judgeKustomization.js";
import type { Observation, Reported } from "./observation.js";
import type { ReadyAt } from "./readyAt.js";
import { bestRelation } from "./relation.js";
import { describeTarget, type ReadinessQuery } from "./target.js";

export interface DecideDeps {
  ancestry: CommitAncestry;
  /** Delay for `running`, from the polling policy (`nextPollDelayMs`). */
  retryAfterMs: number;
}

/**
 * The one readiness decision (issue 5): is the target Ready at the promoted commit or a later
 * commit containing it (`succeeded`), failed at it (`failed`, with Flux's reason and message),
 * not there yet (`running`), or not observable now (`errored`, retryable)?
 * Throws only when the git provider cannot answer an ancestry question (with the cause).
 */
export async function decideReadiness(query: ReadinessQuery, observation: Observation, deps: DecideDeps): Promise<StepResult<ReadyAt>> {
  if (observation.kind === "unavailable") {
    const what = observation.notFound ? "not found" : "not observable";
    return errored(`${describeTarget(query.target)} is ${what} through ${observation.source}: ${observation.detail}`);
  }
  switch (query.target.kind) {
    case "HelmRelease":
      return judgeHelmRelease(query, observation, deps.retryAfterMs);
    case "Kustomization":
      return judgeKustomization(query, observation, await relate(query, observation, deps.ancestry), deps.retryAfterMs);
    case "Application":
      return judgeApplication(query, observation, deps.ancestry, deps.retryAfterMs);
  }
}

/**
 * Asks the git provider only what the verdict can depend on: the applied revision when Ready is
 * True, the attempted one when it is False. The origin revision comes first: for an OCI source it
 * is the git commit the artifact was built from.
 */
async function relate(query: ReadinessQuery, observation: Reported, ancestry: CommitAncestry): Promise<KustomizationRelations> {
  const status = observation.ready?.status;
  if (status === "True") {
    const related = await bestRelation([observation.appliedOriginRevision, observation.appliedRevision], query.promotedCommit, ancestry);
    return related ? { applied: related } : {};
  }
  if (status === "False" && observation.attemptedRevision && observation.attemptedRevision !== observation.appliedRevision) {
    const related = await bestRelation([observation.attemptedRevision], query.promotedCommit, ancestry);
    return related ? { attempted: related } : {};
  }
  return {};
}
