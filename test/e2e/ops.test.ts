// Operators in the loop, end to end: a hold stops the line at the next stage boundary, pause and
// resume suspend a promotion and its running stage, and a newer image supersedes an older one
// that is still waiting at a stage (before it committed anything there).
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { EVENT, type OpsCommandPayload } from "../../shared/durable/events.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, OPERATOR, digestOf, fileAt, fluxReconcilesHead, head, opsCall, promotionId, pushImage, useBatonWorld, statusOf, stageId } from "./world.js";

const world = useBatonWorld({ tablePrefix: "e2eops" });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

async function hold(scope: string, method: "PUT" | "DELETE", reason: string): Promise<Response> {
  return host.fetch(`/api/holds/${scope}`, { method, headers: { ...OPERATOR, "content-type": "application/json" }, body: JSON.stringify({ reason }) });
}

async function throughPreProd(digest: string): Promise<void> {
  for (const stage of ["dev", "staging", "pre-prod"]) {
    expect((await statusOf(host, stageId(digest, stage))).customStatus?.step).toBe("awaiting-ready");
    await fluxReconcilesHead(host, server, stage);
  }
}

describe("stop the line", () => {
  const digest = digestOf(0x401d);
  const id = promotionId(digest);

  it("keeps a new promotion at the first stage boundary while a pipeline hold is on, with who and why", async () => {
    expect((await hold("orders-api", "PUT", "incident INC-42: checkout errors")).status).toBe(201);
    const before = await head(server);
    expect((await pushImage(host, "3.0.0", digest, "2026-01-01T02:00:00Z")).status).toBe(202);
    await host.settle();
    await host.advanceThroughTimers(5 * 60_000);
    const s = await statusOf(host, id);
    expect(s.customStatus).toMatchObject({ step: "held", stage: "dev" });
    expect(s.customStatus?.waitingFor).toContain("incident INC-42: checkout errors");
    expect(await head(server)).toBe(before);
  });

  it("goes on at once when the hold is released", async () => {
    const released = await hold("orders-api", "DELETE", "incident resolved");
    expect(released.status).toBe(200);
    await host.settle();
    expect(await fileAt(server, "apps/orders-api/overlays/dev/kustomization.yaml")).toContain("newTag: 3.0.0");
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("pauses the promotion and its stage, keeps a Flux report waiting, and continues on resume", async () => {
    expect((await opsCall(host, `/api/promotions/${id}/pause`, OPERATOR, { reason: "investigating" })).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, id)).runtimeStatus).toBe("Suspended");
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Suspended");
    await fluxReconcilesHead(host, server, "dev");
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Suspended");
    expect((await opsCall(host, `/api/promotions/${id}/resume`, OPERATOR, { reason: "all clear" })).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("aborts on request", async () => {
    expect((await opsCall(host, `/api/promotions/${id}/abort`, OPERATOR, { reason: "wrong build" })).status).toBe(202);
    await host.settle();
    const s = await statusOf(host, id);
    expect(s.output).toMatchObject({ outcome: "aborted" });
    expect((s.output as { reason: string }).reason).toBe("staging: wrong build");
  });
});

describe("a newer image", () => {
  const older = digestOf(0x01d);
  const newer = digestOf(0x0e3);

  it("supersedes an older promotion still waiting for approval at prod", async () => {
    expect((await pushImage(host, "4.0.0", older, "2026-01-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    await throughPreProd(older);
    expect((await statusOf(host, stageId(older, "prod"))).customStatus?.step).toBe("awaiting-approval");

    expect((await pushImage(host, "4.1.0", newer, "2026-01-02T01:00:00Z")).status).toBe(202);
    await host.settle();
    await throughPreProd(newer);
    const old = await statusOf(host, promotionId(older));
    expect(old.output).toMatchObject({ outcome: "superseded" });
    expect((old.output as { reason: string }).reason).toBe(`superseded by ${promotionId(newer)}`);
    expect((await statusOf(host, stageId(newer, "prod"))).customStatus?.step).toBe("awaiting-approval");
    expect(await fileAt(server, "apps/orders-api/overlays/prod/kustomization.yaml")).toContain("newTag: 1.0.0");
  });

  it("then promotes only the newer image to prod", async () => {
    expect((await opsCall(host, `/api/promotions/${promotionId(newer)}/approve`, APPROVER, { reason: "ok" })).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "prod");
    expect((await statusOf(host, promotionId(newer))).output).toMatchObject({ outcome: "succeeded" });
    expect(await fileAt(server, "apps/orders-api/overlays/prod/kustomization.yaml")).toContain("newTag: 4.1.0");
  });
});

describe("an abort that reaches the promotion instead of its stage", () => {
  const digest = digestOf(0xab0f);
  const id = promotionId(digest);
  const stagingFile = "apps/orders-api/overlays/staging/kustomization.yaml";

  // The ops API sends an abort to the running stage and a copy to the promotion: when the stage
  // finishes before it reads its own (test/ops/abortRace.test.ts), the copy is all that is left.
  it("stops the promotion at the next boundary: the stage that was running finishes, staging is never committed", async () => {
    expect((await pushImage(host, "5.0.0", digest, "2026-01-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    const before = await fileAt(server, stagingFile);
    const copy: OpsCommandPayload = { command: "abort", stage: "dev", actor: "olga@contoso.example", reason: "wrong build", at: "2026-01-03T00:05:00Z" };
    await host.raiseEvent(id, EVENT.opsCommand, copy);
    await fluxReconcilesHead(host, server, "dev");
    expect((await statusOf(host, stageId(digest, "dev"))).output).toMatchObject({ outcome: "succeeded" });
    expect((await statusOf(host, id)).output).toMatchObject({ outcome: "aborted", reason: "aborted by olga@contoso.example: wrong build" });
    expect(await fileAt(server, stagingFile)).toBe(before);
  });
});
