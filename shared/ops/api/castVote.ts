import type { HttpResponseInit } from "@azure/functions";
import { EVENT, type ApprovalVotePayload } from "../../durable/events.js";
import type { Caller } from "../auth/roles.js";
import { commandTarget } from "../durable/commandTarget.js";
import { isLive } from "../durable/opsClient.js";
import { Refusal } from "../http/refusal.js";
import { admitVote, releaseVote } from "../votes/admitVote.js";
import { readStageView } from "../../teams/bot/stageView.js";
import { audited } from "./audited.js";
import { findPromotion } from "./findPromotion.js";
import type { OpsDeps } from "./opsDeps.js";

export interface VoteRequest {
  decision: ApprovalVotePayload["decision"];
  stage?: string;
  reason?: string;
}

/**
 * POST /api/promotions/{id}/approve|reject: an `approval.vote` from the signed-in approver. Only
 * while the promotion waits for approval, so a vote can never be buffered for a later stage, and
 * only a vote that counts (admitVote: eligible under the stage's policy, not the image's pusher,
 * the person's first vote on the stage): any other is refused on the spot and audited as refused
 * with the reason. The quorum stays the stage's to count.
 */
export async function castVote(deps: OpsDeps, caller: Caller, id: string, vote: VoteRequest): Promise<HttpResponseInit> {
  const call = { caller, action: `promotion.${vote.decision}`, target: { kind: "promotion" as const, promotionId: id }, reason: vote.reason ?? "" };
  const sent = await audited(
    deps,
    call,
    async () => {
      const status = await findPromotion(deps.client, id);
      if (!isLive(status)) throw new Refusal(409, `promotion ${id} is ${String(status.runtimeStatus)}`);
      const { instanceId, published } = await commandTarget(deps.client, status);
      if (published?.step !== "awaiting-approval" || !published.stage) {
        throw new Refusal(409, `promotion ${id} is not awaiting approval (${published?.step ?? "no step reported yet"})`);
      }
      if (vote.stage && vote.stage !== published.stage) throw new Refusal(409, `promotion ${id} awaits approval for stage ${published.stage}, not ${vote.stage}`);
      const view = await readStageView(deps.client, id, published.stage);
      if (!view || view.instanceId !== instanceId) throw new Refusal(409, `promotion ${id} is not awaiting approval at stage ${published.stage}`);
      await admitVote({ audit: deps.store.audit, groups: deps.groups }, view, { voterId: caller.actor.id, voterName: caller.actor.name });
      return { instanceId, stage: published.stage };
    },
    async ({ instanceId, stage }) => {
      const payload: ApprovalVotePayload = {
        stage,
        decision: vote.decision,
        voterId: caller.actor.id,
        voterName: caller.actor.name,
        ...(vote.reason ? { reason: vote.reason } : {}),
        at: deps.now().toISOString(),
      };
      try {
        await deps.client.raiseEvent(instanceId, EVENT.approvalVote, payload);
      } catch (error) {
        await releaseVote(deps.store.audit, instanceId, caller.actor.id).catch(() => undefined);
        throw error;
      }
      return { instanceId, stage };
    },
    ({ instanceId }) => `sent to ${instanceId}`,
  );
  return { status: 202, jsonBody: { id, decision: vote.decision, stage: sent.stage, deliveredTo: sent.instanceId } };
}
