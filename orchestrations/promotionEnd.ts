/**
 * How a promotion ends after one of its stages, shared by the promotion and the stage: the stage
 * records the promotion's last timeline entry on its own way out (one activity fewer at the end
 * of every promotion), so both must agree on what that entry says.
 */
import type { StageOutcome } from "../shared/durable/promotionStatus.js";
import type { TimelineEntry } from "../shared/durable/timeline.js";

export interface PromotionEnd {
  outcome: "succeeded" | "failed" | "aborted" | "superseded";
  reason?: string;
}

/** The timeline entry id of the promotion's end (the promotion's own notes are `promotion/<key>`). */
export const FINISHED_KEY = "finished";

/** The promotion's end after this stage, or undefined when it goes on to the next stage. */
export function promotionEndAfter(stage: string, outcome: StageOutcome, last: boolean): PromotionEnd | undefined {
  if (outcome.outcome === "succeeded") return last ? { outcome: "succeeded" } : undefined;
  const reason = outcome.outcome === "superseded" ? `superseded by ${outcome.by}` : `${stage}: ${outcome.reason}`;
  return { outcome: outcome.outcome, reason };
}

export function finishedEntry(end: PromotionEnd): TimelineEntry {
  return { kind: "promotion.finished", outcome: end.outcome, ...(end.reason ? { reason: end.reason } : {}) };
}
