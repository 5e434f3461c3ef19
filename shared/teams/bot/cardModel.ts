/**
 * The card model the bot can rebuild on its own when it answers a click: the stage's pinned facts
 * and the votes so far. The stage orchestration's own updates (updateApprovalCard) carry more
 * (gate results); a click answer shows what Durable state and the audit log hold.
 */
import type { ApprovalCardModel } from "../cards/model.js";
import type { StageView } from "./stageView.js";
import type { CastVote } from "./votes.js";

export function cardModelOf(view: StageView, votes: readonly CastVote[], timelineUrl: string): ApprovalCardModel {
  const policy = view.policy;
  const rejected = votes.some((v) => v.decision === "reject");
  const approvals = new Set(votes.filter((v) => v.decision === "approve").map((v) => v.voterId)).size;
  return {
    promotionId: view.promotionId,
    pipeline: view.pipeline,
    stage: view.stage,
    image: view.image,
    changes: view.edits.map((e) => ({ file: e.file, where: e.where, to: `${view.image.tag}@${view.image.digest}` })),
    gates: [],
    links: { timeline: timelineUrl },
    policy: { quorum: policy?.quorum ?? 1, approvers: policy?.approvers ?? [], expiresAt: view.deadline ?? "" },
    votes: votes.map((v) => ({ voter: v.voter, decision: v.decision, ...(v.comment ? { comment: v.comment } : {}), at: v.at })),
    state: view.awaitingApproval ? "open" : rejected ? "rejected" : policy && approvals >= policy.quorum ? "approved" : view.live ? "open" : "expired",
  };
}
