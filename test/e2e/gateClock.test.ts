// Gates keep their full time, and an operator can skip a running gate, end to end:
// - a soak counts from when Baton observed Ready (its own clock), never from the Flux event's
//   timestamp: a back-dated report does not shorten it (issue 9, point 3);
// - `POST /api/promotions/{id}/skip {"gate":"soak"}` during a running soak passes it at once, with
//   no pause, audited and on the timeline; a gate that is not running is refused (point 5).
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { OPERATOR, digestOf, fluxReconcilesHead, fluxReports, head, opsCall, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

const world = useBatonWorld({
  tablePrefix: "e2egateclock",
  pipelines: { template: `      gates:\n        - { kind: soak, name: soak, duration: 1h }\n` },
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const digest = digestOf(0x50a4);
const id = promotionId(digest);

describe("a gate's clock", { timeout: 240_000 }, () => {
  it("starts when Baton observed Ready, not at a back-dated Flux timestamp", async () => {
    expect((await pushImage(host, "9.0.0", digest, "2026-01-09T00:00:00Z")).status).toBe(202);
    await host.settle();
    const commit = await head(server);
    // A report delivered late, stamped two days before Baton's commit.
    const stamped = new Date(host.clock.now() - 2 * 86_400_000);
    expect((await fluxReports(host, "dev", `main@sha1:${commit}`, "ready", undefined, stamped)).status).toBeLessThan(300);
    await host.settle();
    const observed = host.clock.now();
    await host.advanceThroughTimers(59 * 60_000);
    const soaking = await statusOf(host, stageId(digest, "dev"));
    expect(soaking.runtimeStatus).toBe("Running");
    expect(soaking.customStatus).toMatchObject({ step: "gates" });
    await host.advanceThroughTimers(60_000);
    const done = (await statusOf(host, stageId(digest, "dev"))).output as { outcome: string; readyAt: string };
    expect(done.outcome).toBe("succeeded");
    expect(Date.parse(done.readyAt)).toBeGreaterThanOrEqual(observed);
  });
});

describe("skipping a running gate", { timeout: 240_000 }, () => {
  it("refuses a gate that is not running, and needs no pause for one that is", async () => {
    await host.settle();
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
    const early = await opsCall(host, `/api/promotions/${id}/skip`, OPERATOR, { gate: "soak", reason: "not yet" });
    expect(early.status).toBe(409);
    await fluxReconcilesHead(host, server, "staging");
    await host.advanceThroughTimers(5 * 60_000);
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus).toMatchObject({ step: "gates", gates: ["soak"] });
    const wrong = await opsCall(host, `/api/promotions/${id}/skip`, OPERATOR, { gate: "health", reason: "no such gate" });
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain("gate health is not running; running: soak");

    const skipped = await opsCall(host, `/api/promotions/${id}/skip`, OPERATOR, { gate: "soak", reason: "config-only change, CAB-7" });
    expect(skipped.status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "staging"))).output).toMatchObject({ outcome: "succeeded" });
    expect((await statusOf(host, stageId(digest, "pre-prod"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("is audited and shows on the timeline", async () => {
    const res = await host.fetch(`/api/promotions/${id}`, { headers: OPERATOR });
    const view = (await res.json()) as { timeline: { entry: { kind: string; gate?: string; outcome?: string; detail?: string; command?: string; reason?: string } }[]; audit: { action: string; outcome: string; reason?: string }[] };
    const entries = view.timeline.map((t) => t.entry);
    expect(entries).toContainEqual(expect.objectContaining({ kind: "ops.command", stage: "staging", command: "skip soak", reason: "config-only change, CAB-7" }));
    expect(entries).toContainEqual(expect.objectContaining({ kind: "gate.result", stage: "staging", gate: "soak", outcome: "skipped" }));
    expect(view.audit).toContainEqual(expect.objectContaining({ action: "promotion.skip", reason: "config-only change, CAB-7" }));
  });
});
