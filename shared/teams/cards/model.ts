/**
 * What an approval card shows, as plain JSON (it travels through activities): built by the stage
 * orchestration, rendered by `buildApprovalCard` into an Adaptive Card 1.5.
 */
export interface ApprovalCardModel {
  promotionId: string;
  pipeline: string;
  stage: string;
  image: { name: string; tag: string; digest: string };
  /** What the stage will change: file, field and the move. */
  changes: { file: string; where: string; from?: string; to: string }[];
  /** Gate results of the stages so far, newest last. */
  gates: { stage: string; gate: string; outcome: "passed" | "failed" | "skipped"; detail: string }[];
  links: { timeline: string; commit?: string };
  policy: { quorum: number; approvers: string[]; expiresAt: string };
  votes: { voter: string; decision: "approve" | "reject"; comment?: string; at: string }[];
  /** `open` until decided; the card then shows the outcome and no actions. */
  state: "open" | "approved" | "rejected" | "expired" | "superseded";
}

/**
 * The votes that count, as the stage counts them: one per person, the first. Whoever builds the
 * model passes votes the doors accepted; a second vote that raced past a door still never shows.
 */
export function countedVotes(model: Pick<ApprovalCardModel, "votes">): ApprovalCardModel["votes"] {
  const seen = new Set<string>();
  return model.votes.filter((v) => {
    const who = v.voter.toLowerCase();
    return seen.has(who) ? false : (seen.add(who), true);
  });
}

/** Action.Execute verbs of the approval card; `data` carries promotionId and stage. */
export const CARD_VERB = {
  approve: "promotion.approve",
  reject: "promotion.reject",
  refresh: "promotion.refresh",
} as const;
