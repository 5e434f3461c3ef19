/**
 * Votes already cast on a stage, read back from the audit log: the one record of every vote
 * whichever door it came through (Teams or the ops API both write `promotion.approve|reject`
 * with detail `sent to <stage instance>`). Used to refuse a second vote on the card and to show
 * the votes so far; the stage orchestration still counts one vote per person on its own.
 */
import type { AuditLog, AuditRecord } from "../../ops/audit/auditLog.js";

export interface CastVote {
  voterId: string;
  voter: string;
  decision: "approve" | "reject";
  comment?: string;
  at: string;
}

export const VOTE_ACTION = { approve: "promotion.approve", reject: "promotion.reject" } as const;

export function deliveredTo(instanceId: string): string {
  return `sent to ${instanceId}`;
}

export async function votesOn(audit: AuditLog, promotionId: string, instanceId: string): Promise<CastVote[]> {
  const records = await audit.forTarget({ kind: "promotion", promotionId });
  return records.filter((r) => r.outcome === "accepted" && isVoteOn(r, instanceId)).map(toVote);
}

function isVoteOn(record: AuditRecord, instanceId: string): boolean {
  const sent = deliveredTo(instanceId);
  // Exactly that instance: `promo-1--dev` must not match `promo-1--dev2`; a door may add a note after a space.
  const detail = record.detail ?? "";
  return (record.action === VOTE_ACTION.approve || record.action === VOTE_ACTION.reject) && (detail === sent || detail.startsWith(`${sent} `));
}

function toVote(record: AuditRecord): CastVote {
  return {
    voterId: record.actor.id.toLowerCase(),
    voter: record.actor.name,
    decision: record.action === VOTE_ACTION.reject ? "reject" : "approve",
    ...(record.reason ? { comment: record.reason } : {}),
    at: record.at,
  };
}

/** The claim that makes "one vote per person on a stage" atomic across doors and processes. */
export function voteClaim(instanceId: string, voterId: string): string {
  return `vote:${instanceId}:${voterId.toLowerCase()}`;
}
