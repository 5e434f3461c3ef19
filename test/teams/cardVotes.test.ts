// Issue 6 items 1 and 3 end to end: card clicks through the real endpoint, eligibility and
// separation of duties decided by checkApprover, the vote raised on the stage instance through
// the Durable runtime, the audit written, and the posted card updated through the Bot Connector.
import { describe, expect, it } from "vitest";
import { ADA, APPROVER_GROUP, auditOf, BEN, click, CONVERSATION, EVE, policy, startPromotion, TENANT, useTeamsWorld, votesReceived } from "./world.js";

const world = useTeamsWorld();

describe("approval card clicks", () => {
  it("an eligible approve raises exactly one vote, answers the refreshed card and updates it for everyone", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: ADA, comment: "looks good", replyToId: "1700000000001" });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { type: "AdaptiveCard", version: "1.5" } });
    expect(JSON.stringify(answer.body?.value)).toContain("looks good");
    const votes = await votesReceived(w, stageId);
    expect(votes).toEqual([{ stage: "prod", decision: "approve", voterId: ADA.oid, voterName: ADA.upn, reason: "looks good", at: expect.any(String) as string }]);

    const audit = await auditOf(promotionId);
    expect(audit.map((r) => [r.action, r.outcome, r.actor.id, r.reason])).toEqual([["promotion.approve", "accepted", ADA.oid, "looks good"]]);
    expect(audit[0]!.detail).toBe(`sent to ${stageId} (via Teams)`);

    const update = w.connector.calls.find((c) => c.activityId === "1700000000001");
    expect(update).toMatchObject({ method: "PUT", conversationId: CONVERSATION, activity: { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] } });
    expect(w.connector.tokenRequests.at(-1)).toMatchObject({ tenant: TENANT, scope: "https://api.botframework.com/.default", granted: true });
  });

  it("an approver listed by UPN is eligible (the UPN comes from the signed activity)", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    expect((await click(w, { verb: "promotion.approve", promotionId, by: BEN })).body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect((await votesReceived(w, stageId)).map((v) => v.voterId)).toEqual([BEN.oid]);
  });

  it("refuses a non-approver on the card and raises nothing", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w, { publishedBy: [] });
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: EVE });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
    expect(String(answer.body?.value)).toMatch(/not among the approvers/);
    expect(await votesReceived(w, stageId)).toEqual([]);
    expect((await auditOf(promotionId)).map((r) => r.outcome)).toEqual(["denied"]);
  });

  it("refuses self-approval: the pusher (GitHub login mapped to the UPN) may not approve", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w, { approval: policy({ approvers: [EVE.oid, ADA.oid] }), publishedBy: ["eve-gh"] });
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: EVE });
    expect(String(answer.body?.value)).toMatch(/separation of duties/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("refuses a second vote by the same person", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    await click(w, { verb: "promotion.approve", promotionId, by: ADA });
    const again = await click(w, { verb: "promotion.reject", promotionId, by: ADA, comment: "changed my mind" });
    expect(String(again.body?.value)).toMatch(/already voted/);
    expect(await votesReceived(w, stageId)).toHaveLength(1);
  });

  it("refuses a vote on a stage that is not awaiting approval", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w, { step: "gates" });
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: ADA });
    expect(String(answer.body?.value)).toMatch(/not waiting for approval/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("refuses a vote for an unknown promotion or stage", async () => {
    const w = world();
    const { promotionId } = await startPromotion(w);
    expect(String((await click(w, { verb: "promotion.approve", promotionId: "promo-nope-sha256-00", by: ADA })).body?.value)).toMatch(/not waiting/);
    expect(String((await click(w, { verb: "promotion.approve", promotionId, stage: "dev", by: ADA })).body?.value)).toMatch(/not waiting/);
  });

  it("requires a comment to reject, then stops on an eligible rejection", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    expect(String((await click(w, { verb: "promotion.reject", promotionId, by: ADA })).body?.value)).toMatch(/comment is required/);
    expect(await votesReceived(w, stageId)).toEqual([]);
    await click(w, { verb: "promotion.reject", promotionId, by: ADA, comment: "error budget spent" });
    expect(await votesReceived(w, stageId)).toMatchObject([{ decision: "reject", reason: "error budget spent", voterId: ADA.oid }]);
  });

  it("refuses a click from another tenant", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: ADA, tenantId: "11111111-2222-4333-8444-555555555555" });
    expect(String(answer.body?.value)).toMatch(/organisation/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("accepts a member of an approver group, as Microsoft Graph says", async () => {
    const w = world();
    w.graph.members.set(BEN.oid, [APPROVER_GROUP]);
    w.graph.members.set(EVE.oid, []);
    const { promotionId, stageId } = await startPromotion(w, { approval: policy({ approvers: [`group:${APPROVER_GROUP}`] }), publishedBy: [] });
    expect(String((await click(w, { verb: "promotion.approve", promotionId, by: EVE })).body?.value)).toMatch(/not among the approvers/);
    expect((await click(w, { verb: "promotion.approve", promotionId, by: BEN })).body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect((await votesReceived(w, stageId)).map((v) => v.voterId)).toEqual([BEN.oid]);
    expect(w.graph.calls.at(-1)).toEqual({ userId: BEN.oid, groupIds: [APPROVER_GROUP] });
  });

  it("after escalation, asks escalateTo instead of the first approvers", async () => {
    const w = world();
    const approval = policy({ approvers: [ADA.oid], onExpiry: "escalate", escalateTo: [EVE.upn] });
    const { promotionId, stageId } = await startPromotion(w, { approval, publishedBy: [], escalated: true });
    expect(String((await click(w, { verb: "promotion.approve", promotionId, by: ADA })).body?.value)).toMatch(/not among the approvers/);
    expect((await click(w, { verb: "promotion.approve", promotionId, by: EVE })).body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect((await votesReceived(w, stageId)).map((v) => v.voterId)).toEqual([EVE.oid]);
  });

  it("refresh answers the current card and raises nothing", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const answer = await click(w, { verb: "promotion.refresh", promotionId, by: EVE });
    expect(answer.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { type: "AdaptiveCard" } });
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("never trusts identities in the card data", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w, { publishedBy: [] });
    // Eve puts Ada's identity into the data; the activity's signed `from` still says Eve.
    const data = { voterId: ADA.oid, aadObjectId: ADA.oid, from: { aadObjectId: ADA.oid }, userPrincipalName: ADA.upn, tenantId: TENANT };
    const answer = await click(w, { verb: "promotion.approve", promotionId, by: EVE, data });
    expect(String(answer.body?.value)).toMatch(/not among the approvers/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });
});
