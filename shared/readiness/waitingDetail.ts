import type { Reported } from "./observation.js";
import type { RelatedRevision } from "./relation.js";

/** What was last seen, for custom status and the audit: condition, revisions, generation. */
export function waitingDetail(observation: Reported, related?: RelatedRevision): string {
  const parts: string[] = [];
  const ready = observation.ready;
  parts.push(ready ? `Ready=${ready.status} ${ready.reason}${ready.message ? `: ${ready.message}` : ""}` : "no Ready condition yet");
  if (observation.appliedRevision) parts.push(`last applied ${observation.appliedRevision}${relationNote(related)}`);
  if (observation.attemptedRevision && observation.attemptedRevision !== observation.appliedRevision) {
    parts.push(`last attempted ${observation.attemptedRevision}`);
  }
  if (observation.release?.chartVersion) parts.push(`release runs chart ${observation.release.chartVersion}`);
  if (observation.suspended) parts.push("reconciliation is suspended");
  return `${parts.join("; ")} (${observation.source}, ${observation.reportedAt})`;
}

function relationNote(related: RelatedRevision | undefined): string {
  switch (related?.relation) {
    case "other":
      return " (does not contain the promoted commit yet)";
    case "unparseable":
      return " (not a revision Baton can read)";
    default:
      return "";
  }
}

/** Non-empty when the controller has not caught up with the object's latest spec. */
export function generationLag(observation: Reported): string | undefined {
  const generation = observation.generation;
  if (!generation || generation.observed === generation.desired) return undefined;
  return `controller has not processed the latest spec yet (observedGeneration ${generation.observed ?? "none"}, generation ${generation.desired})`;
}
