/**
 * Whether a vote cast through the ops API counts, decided before it is delivered (issue 9 item 4):
 * the same policy function the Teams card and the stage's `checkApprover` activity use
 * (shared/teams/approvers/checkApprover.ts: approvers, groups, separation of duties), against the
 * policy the stage pinned, after escalation the `escalateTo` list as the stage asks; then one
 * vote per person, read from the audit log every door writes. A refusal says why, so the audit
 * record and the answer are true; the stage checks again on its own (a vote that raced past the
 * door still counts for nothing there).
 */
import type { ApprovalVotePayload } from "../../durable/events.js";
import type { GroupMembership } from "../../teams/approvers/groupMembership.js";
import { checkApprover, type Voter } from "../../teams/approvers/checkApprover.js";
import type { StageView } from "../../teams/bot/stageView.js";
import { voteClaim, votesOn } from "../../teams/bot/votes.js";
import type { AuditLog } from "../audit/auditLog.js";
import { Refusal } from "../http/refusal.js";

export interface AdmitVoteDeps {
  audit: AuditLog;
  groups: GroupMembership;
}

/**
 * The voter as the stage reads a vote (orchestrations/stage/approval.ts): the object id, and the
 * name as UPN when it looks like one (App Service Authentication gives the UPN as the name).
 */
export function voterOf(vote: Pick<ApprovalVotePayload, "voterId" | "voterName">): Voter {
  return { id: vote.voterId, ...(vote.voterName.includes("@") ? { upn: vote.voterName } : {}) };
}

/** Throws a Refusal (403 not eligible, 409 already voted) unless the vote counts. */
export async function admitVote(deps: AdmitVoteDeps, view: StageView, vote: Pick<ApprovalVotePayload, "voterId" | "voterName">): Promise<void> {
  const policy = view.policy;
  if (!view.awaitingApproval || !policy) throw new Refusal(409, `promotion ${view.promotionId} is not awaiting approval at stage ${view.stage}`);
  const asked = view.escalated ? { ...policy, approvers: policy.escalateTo } : policy;
  const eligibility = await checkApprover(asked, voterOf(vote), view.publishedBy, deps.groups);
  if (!eligibility.eligible) throw new Refusal(403, `vote not counted: ${eligibility.reason}`);
  const votes = await votesOn(deps.audit, view.promotionId, view.instanceId);
  const voterId = vote.voterId.toLowerCase();
  const earlier = votes.find((v) => v.voterId === voterId);
  if (earlier) throw new Refusal(409, `vote not counted: ${vote.voterName} already voted (${earlier.decision}) on stage ${view.stage}; one vote per person`);
  // The audit read cannot see a vote accepted a moment ago by another door or process: the claim can.
  if (!(await deps.audit.claim(voteClaim(view.instanceId, vote.voterId)))) {
    throw new Refusal(409, `vote not counted: ${vote.voterName} already voted on stage ${view.stage}; one vote per person`);
  }
}

/** Gives the claim back when the admitted vote could not be delivered, so the person can vote again. */
export async function releaseVote(audit: AuditLog, instanceId: string, voterId: string): Promise<void> {
  await audit.release(voteClaim(instanceId, voterId));
}
