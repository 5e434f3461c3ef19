import type { StepResult } from "../steps/result.js";
import { judgeHelmRelease } from "./judgeHelmRelease.js";
import { judgeKustomization, type KustomizationRelations } from "./judgeKustomization.js";
import type { Observation, Reported } from "./observation.js";
import type { ReadyAt } from "./readyAt.js";
import { includesPromoted, relationWithoutGit, type RelatedRevision } from "./relation.js";
import type { ReadinessQuery } from "./target.js";

/**
 * `decideReadiness` where no git provider is needed: the same verdict, computed without I/O, or
 * undefined when the verdict depends on an ancestry question (a revision that is neither the
 * promoted commit nor obviously unrelated to it) or on an Argo CD Application. Pure and
 * deterministic, so an orchestrator may call it; the usual case, a report at the promoted commit
 * itself, then costs no activity.
 */
export function decideWithoutGit(query: ReadinessQuery, observation: Observation, retryAfterMs: number): StepResult<ReadyAt> | undefined {
  if (observation.kind === "unavailable") return undefined;
  switch (query.target.kind) {
    case "HelmRelease":
      return judgeHelmRelease(query, observation, retryAfterMs);
    case "Kustomization": {
      const relations = relateWithoutGit(query, observation);
      return relations ? judgeKustomization(query, observation, relations, retryAfterMs) : undefined;
    }
    case "Application":
      return undefined;
  }
}

/** decide.ts `relate`, answering undefined where it would ask the git provider. */
function relateWithoutGit(query: ReadinessQuery, observation: Reported): KustomizationRelations | undefined {
  const status = observation.ready?.status;
  if (status === "True") {
    const related = bestRelationWithoutGit([observation.appliedOriginRevision, observation.appliedRevision], query.promotedCommit);
    return related === "ask" ? undefined : related ? { applied: related } : {};
  }
  if (status === "False" && observation.attemptedRevision && observation.attemptedRevision !== observation.appliedRevision) {
    const related = bestRelationWithoutGit([observation.attemptedRevision], query.promotedCommit);
    return related === "ask" ? undefined : related ? { attempted: related } : {};
  }
  return {};
}

/** relation.ts `bestRelation` (same order, same answer), or "ask" at the first revision only git can relate. */
function bestRelationWithoutGit(revisions: (string | undefined)[], promotedCommit: string): RelatedRevision | undefined | "ask" {
  let last: RelatedRevision | undefined;
  for (const revision of revisions) {
    if (revision === undefined) continue;
    const relation = relationWithoutGit(revision, promotedCommit);
    if (relation === undefined) return "ask";
    last = { revision, relation };
    if (includesPromoted(relation)) return last;
  }
  return last;
}
