// Failure handling end to end: a readiness timeout and a Flux failure at the promoted revision
// both roll the stage back to the version it ran before, wait until that is Ready, and fail the
// promotion with the reason.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fileAt, fluxReconcilesHead, fluxReports, gitLog, head, promotionId, pushImage, useBatonWorld, statusOf, stageId } from "./world.js";

const world = useBatonWorld({ tablePrefix: "e2efail" });
const devFile = "apps/orders-api/overlays/dev/kustomization.yaml";
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("a stage that never becomes Ready", () => {
  const digest = digestOf(0xdead);
  const id = promotionId(digest);

  it("times out after the readiness timeout and commits the previous version back", async () => {
    expect((await pushImage(host, "2.0.0", digest, "2026-01-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect(await fileAt(server, devFile)).toContain("newTag: 2.0.0");
    await host.advanceThroughTimers(14 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    await host.advanceThroughTimers(60_000);
    const stage = await statusOf(host, stageId(digest, "dev"));
    expect(stage.customStatus?.step).toBe("awaiting-ready");
    const restored = await fileAt(server, devFile);
    expect(restored).toContain("newTag: 1.0.0 # promoted by Baton");
    expect(restored).not.toContain("digest:");
  });

  it("fails the promotion with the reason once the rolled-back version is Ready", async () => {
    await fluxReconcilesHead(host, server, "dev");
    const s = await statusOf(host, id);
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "failed" }] });
    expect((s.output as { reason: string }).reason).toMatch(/^dev: ready: timed out after 15m waiting for Kustomization flux-system\/orders-api-dev on aks-dev Ready at [0-9a-f]{7}/);
    const commits = (await gitLog(server)).map((m) => parseCommitTrailers(m)?.stage);
    expect(commits.slice(0, 2)).toEqual(["dev", "dev"]);
    const [rollback] = await gitLog(server);
    expect(rollback).toMatch(/^Roll back myacr.azurecr.io\/orders-api to 1.0.0 in dev/);
    expect(parseCommitTrailers(rollback ?? "")).toMatchObject({ promotionId: id, stage: "dev", action: "rollback", image: { tag: "1.0.0" } });
  });
});

describe("Flux failing at the promoted revision", () => {
  const digest = digestOf(0xbeef);
  const id = promotionId(digest);

  it("fails the wait at once with Flux's reason and message, and rolls back", async () => {
    expect((await pushImage(host, "2.1.0", digest, "2026-01-01T01:00:00Z")).status).toBe(202);
    await host.settle();
    const promoted = await head(server);
    expect(await fileAt(server, devFile)).toContain("newTag: 2.1.0");
    await fluxReports(host, "dev", `main@sha1:${promoted}`, "failed");
    await host.settle();
    expect(await fileAt(server, devFile)).toContain("newTag: 1.0.0");
    await fluxReconcilesHead(host, server, "dev");
    const s = await statusOf(host, id);
    expect(s.output).toMatchObject({ outcome: "failed" });
    expect((s.output as { reason: string }).reason).toContain("HealthCheckFailed");
    expect((s.output as { reason: string }).reason).toContain("timeout waiting for: [Deployment/orders/orders-api status: 'InProgress']");
  });
});

describe("Flux Ready right after the rollback commit", { timeout: 240_000 }, () => {
  const digest = digestOf(0xfa57);
  const id = promotionId(digest);
  const stage = stageId(digest, "dev");

  it("is consumed at once, with no timer: the stage does not wait for its readiness deadline", async () => {
    expect((await pushImage(host, "2.2.0", digest, "2026-01-01T02:00:00Z")).status).toBe(202);
    await host.settle();
    const promoted = await head(server);
    await fluxReports(host, "dev", `main@sha1:${promoted}`, "failed");
    // Without settling: as soon as the rollback commit is pushed (its activity subscribes the
    // readiness right after), Flux reports the rolled-back commit Ready while the stage is still busy.
    let rolledBack = promoted;
    for (let turn = 0; rolledBack === promoted; turn++) {
      if (turn > 20_000) throw new Error("the rollback never committed");
      await new Promise<void>((resolve) => setImmediate(resolve));
      rolledBack = await head(server);
    }
    expect(rolledBack).not.toBe(promoted);
    const clock = host.clock.now();
    expect((await fluxReports(host, "dev", `main@sha1:${rolledBack}`)).status).toBeLessThan(300);
    await host.settle();
    expect(host.clock.now()).toBe(clock);
    const s = await statusOf(host, id);
    expect(s.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "failed" }] });
    expect((await statusOf(host, stage)).output).toMatchObject({ outcome: "failed", rolledBack: true, commit: rolledBack });
  });
});
