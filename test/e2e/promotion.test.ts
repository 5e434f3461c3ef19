// End to end through the local runtime on virtual time: an ACR Event Grid event promotes an image
// through dev, staging and pre-prod (each released by a signed Flux event), prod waits for an
// approval through the ops API, and the GitOps repository ends with four commits in stage order.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, digestOf, fileAt, fluxReconcilesHead, fluxReports, gitLog, head, opsCall, promotionId, pushImage, useBatonWorld, statusOf, stageId } from "./world.js";

const world = useBatonWorld({ tablePrefix: "e2ehappy" });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("a promotion through four stages", () => {
  const digest = digestOf(0x1a2b);
  const id = promotionId(digest);

  it("starts from an ACR push and commits to dev, then waits for Flux", async () => {
    const res = await pushImage(host, "1.4.2", digest, "2026-01-01T00:00:00Z");
    expect(res.status).toBe(202);
    await host.settle();
    const stage = await statusOf(host, stageId(digest, "dev"));
    expect(stage.customStatus).toMatchObject({ step: "awaiting-ready", stage: "dev" });
    expect(stage.customStatus?.waitingFor).toContain("Kustomization flux-system/orders-api-dev on aks-dev Ready at");
    const dev = await fileAt(server, "apps/orders-api/overlays/dev/kustomization.yaml");
    expect(dev).toContain("newTag: 1.4.2 # promoted by Baton");
    expect(dev).toContain(`digest: ${digest}`);
    expect(await fileAt(server, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 1.0.0 # promoted by Baton");
  });

  it("moves on only when Flux reports Ready at the promoted commit", async () => {
    const before = await head(server);
    // A report about an older revision does not release the stage.
    await fluxReports(host, "dev", "main@sha1:0000000000000000000000000000000000000000");
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    expect(await head(server)).toBe(before);
    await fluxReconcilesHead(host, server, "dev");
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("releases staging and pre-prod the same way, then prod waits for approval", async () => {
    await fluxReconcilesHead(host, server, "staging");
    await fluxReconcilesHead(host, server, "pre-prod");
    const prod = await statusOf(host, stageId(digest, "prod"));
    expect(prod.customStatus).toMatchObject({ step: "awaiting-approval", stage: "prod", waitingFor: "approval (0 of 1)" });
    expect(await fileAt(server, "apps/orders-api/overlays/prod/kustomization.yaml")).toContain("newTag: 1.0.0");
  });

  it("commits prod after an approver approves through the ops API, and completes when prod is Ready", async () => {
    const approve = await opsCall(host, `/api/promotions/${id}/approve`, APPROVER, { reason: "change CHG-1234 approved" });
    expect(approve.status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.step).toBe("awaiting-ready");
    await fluxReconcilesHead(host, server, "prod");
    const done = await statusOf(host, id);
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toMatchObject({ outcome: "succeeded" });
  });

  it("leaves four commits in stage order, each with machine-readable trailers", async () => {
    const messages = (await gitLog(server)).reverse().slice(1); // oldest first, without the initial commit
    expect(messages).toHaveLength(4);
    const trailers = messages.map((m) => parseCommitTrailers(m));
    expect(trailers.map((t) => t?.stage)).toEqual(["dev", "staging", "pre-prod", "prod"]);
    for (const t of trailers) {
      expect(t).toMatchObject({ promotionId: id, pipeline: "orders-api", image: { name: "myacr.azurecr.io/orders-api", tag: "1.4.2", digest } });
    }
    expect(messages[0]).toMatch(/^Promote myacr.azurecr.io\/orders-api to 1.4.2@sha256:.* in dev/);
  });

  it("tells the whole story in the promotion's timeline", async () => {
    const res = await host.fetch(`/api/promotions/${id}`, { headers: APPROVER });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { timeline: { entry: { kind: string; stage?: string } }[] };
    const kinds = body.timeline.map((t) => `${t.entry.kind}${t.entry.stage ? `:${t.entry.stage}` : ""}`);
    expect(kinds[0]).toBe("promotion.started");
    expect(kinds).toContain("commit:dev");
    expect(kinds).toContain("flux.observed:pre-prod");
    expect(kinds).toContain("approval.vote:prod");
    expect(kinds.indexOf("commit:dev")).toBeLessThan(kinds.indexOf("commit:staging"));
    expect(kinds.at(-1)).toBe("promotion.finished");
  });
});
