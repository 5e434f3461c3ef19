// A hold placed while a stage runs stops the promotion at the next stage boundary (issue 13: the
// boundary's holds come with the last stage's way out, read after the stage is done, instead of
// an activity of the promotion's own).
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { OPERATOR, digestOf, fileAt, fluxReconcilesHead, head, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

const world = useBatonWorld({ tablePrefix: "e2ehold" });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

function hold(method: "PUT" | "DELETE", reason: string): Promise<Response> {
  return host.fetch("/api/holds/global", { method, headers: { ...OPERATOR, "content-type": "application/json" }, body: JSON.stringify({ reason }) });
}

describe("a hold placed while a stage runs", { timeout: 240_000 }, () => {
  const digest = digestOf(0x401d2);
  const id = promotionId(digest);

  it("stops the promotion at the next boundary: dev finishes, staging is not committed", async () => {
    expect((await pushImage(host, "4.0.0", digest, "2026-01-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    expect((await hold("PUT", "change freeze")).status).toBe(201);
    await fluxReconcilesHead(host, server, "dev");
    const before = await head(server);
    await host.advanceThroughTimers(5 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    const s = await statusOf(host, id);
    expect(s.customStatus).toMatchObject({ step: "held", stage: "staging" });
    expect(s.customStatus?.waitingFor).toContain("change freeze");
    expect(await head(server)).toBe(before);
  });

  it("goes on to staging once the hold is released", async () => {
    expect((await hold("DELETE", "freeze over")).status).toBe(200);
    await host.settle();
    expect(await fileAt(server, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 4.0.0");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
  });
});
