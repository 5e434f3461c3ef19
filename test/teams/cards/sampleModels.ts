/** Approval card models shared by the card tests: a typical one, its decided forms and a huge one. */
import type { ApprovalCardModel } from "../../../shared/teams/cards/model.js";

const DIGEST = "sha256:3f1c9a7be2d04c55a1e0f6b9d8c7e6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9";

export function openModel(): ApprovalCardModel {
  return {
    promotionId: "p-20261122-orders-api-1.4.2",
    pipeline: "orders-api",
    stage: "prod",
    image: { name: "contosoprod.azurecr.io/orders/orders-api", tag: "1.4.2", digest: DIGEST },
    changes: [
      { file: "clusters/prod/orders-api/values.yaml", where: "image.tag", from: "1.4.1", to: "1.4.2" },
      { file: "clusters/prod/orders-api/values.yaml", where: "image.digest", from: "sha256:9b2e47aa01c3", to: "sha256:3f1c9a7be2d0" },
    ],
    gates: [
      { stage: "staging", gate: "smoke", outcome: "passed", detail: "status 200 in 140 ms" },
      { stage: "pre-prod", gate: "error-rate", outcome: "passed", detail: "0.2% errors, limit 1%" },
      { stage: "pre-prod", gate: "change-window", outcome: "skipped", detail: "no window configured" },
    ],
    links: { timeline: "https://baton.contoso.example/timeline/p-20261122-orders-api-1.4.2", commit: "https://github.com/contoso/gitops/commit/5e1a0c9" },
    policy: { quorum: 2, approvers: ["release-managers"], expiresAt: "2026-11-23T14:00:00Z" },
    votes: [{ voter: "Ada Lovelace", decision: "approve", comment: "Checked the dashboards, looks good.", at: "2026-11-22T10:05:00Z" }],
    state: "open",
  };
}

export function decidedModel(state: Exclude<ApprovalCardModel["state"], "open">): ApprovalCardModel {
  const model = openModel();
  return {
    ...model,
    state,
    votes: [...model.votes, { voter: "Grace Hopper", decision: "approve", at: "2026-11-22T11:30:00Z" }],
  };
}

/** 500 changes, 40 gates, 30 votes with very long comments: what must still fit in one card. */
export function largeModel(): ApprovalCardModel {
  const model = openModel();
  const comment = "This rollout touches every region; ".repeat(120);
  return {
    ...model,
    changes: Array.from({ length: 500 }, (_, i) => ({
      file: `clusters/prod/region-${String(i).padStart(3, "0")}/orders-api/${"deeply/nested/".repeat(8)}values.yaml`,
      where: `spec.values.image.tag`,
      from: `1.4.1-build.${i}`,
      to: `1.4.2-build.${i}`,
    })),
    gates: Array.from({ length: 40 }, (_, i) => ({ stage: `stage-${i}`, gate: `gate-${i}`, outcome: i % 7 === 3 ? "failed" : "passed", detail: "x".repeat(2000) })),
    votes: Array.from({ length: 30 }, (_, i) => ({ voter: `Voter ${i} ${"long name ".repeat(30)}`, decision: i % 2 ? "reject" : "approve", comment, at: "2026-11-22T10:05:00Z" })),
  };
}
