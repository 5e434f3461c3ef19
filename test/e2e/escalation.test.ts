// An approval that expires escalates once: the stage asks the escalation approvers instead, a
// vote from the original list no longer counts (the ops API refuses it on the spot, and the
// orchestration checks every vote itself, even one raised past the doors), and an escalation
// approver's vote releases prod.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { principalHeaders } from "../ops/support.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, digestOf, fileAt, fluxReconcilesHead, opsCall, promotionId, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

const ADA = principalHeaders({ oid: "6b2e0c7e-1111-4a5b-9c8d-000000000001", name: "Ada", roles: ["approver", "viewer"] });
const BEN = principalHeaders({ oid: "6b2e0c7e-2222-4a5b-9c8d-000000000002", name: "Ben", roles: ["approver", "viewer"] });

const world = useBatonWorld({
  tablePrefix: "e2eescalate",
  pipelines: {
    prod: `        approval: { approvers: ["6b2e0c7e-1111-4a5b-9c8d-000000000001"], quorum: 1, timeout: 1d, onExpiry: escalate, escalateTo: [ben@contoso.example] }`,
  },
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("approval escalation", () => {
  const digest = digestOf(0xe5c);
  const id = promotionId(digest);

  it("asks the escalation approvers when nobody approved in time", async () => {
    expect((await pushImage(host, "11.0.0", digest, "2026-01-07T00:00:00Z")).status).toBe(202);
    await host.settle();
    for (const stage of ["dev", "staging", "pre-prod"]) await fluxReconcilesHead(host, server, stage);
    expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.waitingFor).toBe("approval (0 of 1)");
    await host.advanceThroughTimers(86_400_000);
    expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.waitingFor).toBe("approval (0 of 1) after escalation");
  });

  it("no longer counts the original approver, and counts the escalation approver", async () => {
    const late = await opsCall(host, `/api/promotions/${id}/approve`, ADA, { reason: "late" });
    expect(late.status).toBe(403);
    expect(((await late.json()) as { error: string }).error).toContain("is not among the approvers of this stage");
    // The same vote raised straight on the stage instance (as if it slipped past a door).
    const at = new Date(host.clock.now()).toISOString();
    await host.raiseEvent(stageId(digest, "prod"), "approval.vote", { stage: "prod", decision: "approve", voterId: ADA["x-ms-client-principal-id"], voterName: "ada@contoso.example", at });
    await host.settle();
    expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.waitingFor).toBe("approval (0 of 1) after escalation");
    expect((await opsCall(host, `/api/promotions/${id}/approve`, BEN, { reason: "on call" })).status).toBe(202);
    await host.settle();
    expect(await fileAt(server, "apps/orders-api/overlays/prod/kustomization.yaml")).toContain("newTag: 11.0.0");
    const body = (await (await host.fetch(`/api/promotions/${id}`, { headers: APPROVER })).json()) as { timeline: { entry: { kind: string; voter?: string; decision?: string } }[] };
    const votes = body.timeline.map((t) => t.entry).filter((e) => e.kind === "approval.vote");
    expect(votes.map((v) => v.decision)).toEqual([expect.stringMatching(/^refused: /) as unknown, "approve"]);
  });
});
