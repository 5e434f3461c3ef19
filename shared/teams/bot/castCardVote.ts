/**
 * A vote from a card (issue 6 items 1 and 3). Checked in order, each refusal answered on the card
 * and recorded in the audit, nothing raised: a reject needs a comment; the stage must be waiting
 * for approval; the click must come from the policy's tenant; the voter must be eligible
 * (checkApprover: approvers, groups, separation of duties); one vote per person. Then the
 * accepted record is written, and only then `approval.vote` is raised on the stage instance.
 */
import { EVENT, type ApprovalVotePayload } from "../../durable/events.js";
import type { Actor } from "../../ops/actor.js";
import type { AuditOutcome } from "../../ops/audit/auditLog.js";
import { checkApprover } from "../approvers/checkApprover.js";
import type { CardAction } from "./cardAction.js";
import type { CardActionDeps } from "./cardActionDeps.js";
import { cardModelOf } from "./cardModel.js";
import type { CardOutcome } from "./handleCardAction.js";
import { cardAnswer, messageAnswer } from "./invokeAnswer.js";
import { readStageView, type StageView } from "./stageView.js";
import { deliveredTo, VOTE_ACTION, voteClaim, votesOn } from "./votes.js";

type Decision = ApprovalVotePayload["decision"];

export async function castCardVote(deps: CardActionDeps, action: CardAction): Promise<CardOutcome> {
  const decision: Decision = action.verb === "reject" ? "reject" : "approve";
  const record = auditWriter(deps, action, decision);
  if (decision === "reject" && !action.comment) return { answer: messageAnswer("Say why you reject: a comment is required.") };
  const view = await readStageView(deps.client, action.promotionId, action.stage);
  if (!view?.awaitingApproval || !view.policy) {
    const why = `Promotion ${action.promotionId} is not waiting for approval at stage ${action.stage}.`;
    await record("refused", why);
    return { answer: messageAnswer(`${why} Nothing was recorded as a vote.`) };
  }
  const tenant = view.policy.teams?.tenantId ?? deps.tenantId;
  if (tenant && tenant.toLowerCase() !== action.tenantId) {
    await record("denied", `vote from tenant ${action.tenantId}, the policy's tenant is ${tenant}`);
    return { answer: messageAnswer("Votes are only accepted from the organisation this pipeline belongs to.") };
  }
  // After escalation the stage asks `escalateTo` instead, as the orchestration does.
  const asked = view.escalated ? { ...view.policy, approvers: view.policy.escalateTo } : view.policy;
  const eligibility = await checkApprover(asked, action.voter, view.publishedBy, deps.groups);
  if (!eligibility.eligible) {
    await record("denied", eligibility.reason);
    return { answer: messageAnswer(`Your vote was not counted: ${eligibility.reason}.`) };
  }
  const votes = await votesOn(deps.audit, view.promotionId, view.instanceId);
  if (votes.some((v) => v.voterId === action.voter.id)) {
    await record("refused", "already voted on this stage");
    return { answer: messageAnswer("You have already voted on this stage: one vote per person.") };
  }
  // The audit read above cannot see a vote accepted a moment ago by another door or process.
  const claim = voteClaim(view.instanceId, action.voter.id);
  if (!(await deps.audit.claim(claim))) {
    await record("refused", "already voted on this stage");
    return { answer: messageAnswer("You have already voted on this stage: one vote per person.") };
  }
  await record("accepted", deliveredTo(view.instanceId));
  const payload = votePayload(deps, action, decision, view);
  await deps.client.raiseEvent(view.instanceId, EVENT.approvalVote, payload).catch(async (error: unknown) => {
    await deps.audit.release(claim).catch(() => undefined);
    await record("failed", "could not be carried out", ".outcome").catch(() => undefined);
    throw new Error(`cannot raise ${EVENT.approvalVote} on ${view.instanceId}`, { cause: error });
  });
  const counted = [...votes, { voterId: action.voter.id, voter: payload.voterName, decision, ...(action.comment ? { comment: action.comment } : {}), at: payload.at }];
  const card = deps.renderCard(cardModelOf(view, counted, deps.locate(view.promotionId)));
  return { answer: cardAnswer(card), forEveryone: card };
}

function votePayload(deps: CardActionDeps, action: CardAction, decision: Decision, view: StageView): ApprovalVotePayload {
  return {
    stage: view.stage,
    decision,
    voterId: action.voter.id,
    // The UPN when Teams gave one: policies list people by UPN as well as by object id, and the
    // stage reads a name with "@" as a UPN, so a display name that looks like one is not passed on.
    voterName: action.voter.upn ?? (action.voter.name.includes("@") ? action.voter.id : action.voter.name),
    ...(action.comment ? { reason: action.comment } : {}),
    at: deps.now().toISOString(),
  };
}

/** Writes this click's audit records: one id per click, `.outcome` for a failure after acceptance. */
function auditWriter(deps: CardActionDeps, action: CardAction, decision: Decision) {
  const id = deps.newId();
  const actor: Actor = { id: action.voter.id, name: action.voter.upn ?? action.voter.name, via: "principal" };
  return (outcome: AuditOutcome, detail: string, suffix = "") =>
    deps.audit.record({
      id: `${id}${suffix}`,
      at: deps.now().toISOString(),
      actor,
      action: VOTE_ACTION[decision],
      target: { kind: "promotion", promotionId: action.promotionId },
      reason: action.comment ?? "",
      outcome,
      detail: `${detail} (via Teams)`,
    });
}
