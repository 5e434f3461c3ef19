// Pipelines never cross (issue 9, point 2), end to end: two pipelines in one GitOps repository,
// editing different images in the same overlay files (the monorepo layout), proceed
// independently; supersession and queueing happen only within one pipeline at one stage; a
// released stage lock wakes the next queued promotion at once (the virtual clock never moves
// here, so no re-check timer could have done it); a promotion that committed is never superseded.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, OPERATOR, REGISTRY, STAGES, digestOf, fileAt, fluxReconcilesHead, gitLog, head, opsCall, pushImage, statusOf, useBatonWorld } from "./world.js";

const file = (stage: string): string => `apps/overlays/${stage}/kustomization.yaml`;

function overlay(stage: string): string {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    `# every service of the shop in ${stage}`,
    "resources:",
    "  - ../../base",
    "images:",
    `  - name: ${REGISTRY}/orders-api`,
    "    newTag: 1.0.0",
    `  - name: ${REGISTRY}/billing`,
    "    newTag: 1.0.0",
    "",
  ].join("\n");
}

function pipeline(name: string, supersede: string): string {
  return `  - name: ${name}
    supersede: ${supersede}
    source:
      image: ${REGISTRY}/${name}
      tags: { kind: any }
    template:
      edits:
        - file: apps/overlays/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}" }
    stages:
      - dev
      - staging
      - pre-prod
      - name: prod
        approval: { required: true, quorum: 1, timeout: 1d }
`;
}

const world = useBatonWorld({
  tablePrefix: "e2epipelines",
  files: Object.fromEntries(STAGES.map((s) => [file(s), overlay(s)])),
  yaml: `version: 1
defaults:
  git: { url: "{repoUrl}", branch: main, auth: { kind: none } }
  readiness: { timeout: 15m }
  onFailure: rollback
pipelines:
${pipeline("orders-api", "newest-wins")}${pipeline("billing", "queue")}`,
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const idOf = (pipelineName: string, digest: string): string => promotionInstanceId(pipelineName, digest);
const stageOf = (pipelineName: string, digest: string, stage: string): string => stageInstanceId(idOf(pipelineName, digest), stage);

async function throughPreProd(pipelineName: string, digest: string): Promise<void> {
  for (const stage of ["dev", "staging", "pre-prod"]) {
    expect((await statusOf(host, stageOf(pipelineName, digest, stage))).customStatus?.step).toBe("awaiting-ready");
    await fluxReconcilesHead(host, server, stage);
  }
}

describe("two pipelines in one repository", { timeout: 300_000 }, () => {
  const shop = digestOf(0x5409);
  const billing = digestOf(0xb111);

  it("promote independently: billing reaches prod while shop waits there for approval", async () => {
    expect((await pushImage(host, "2.0.0", shop, "2026-02-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    await throughPreProd("orders-api", shop);
    expect((await statusOf(host, stageOf("orders-api", shop, "prod"))).customStatus?.step).toBe("awaiting-approval");

    expect((await pushImage(host, "7.0.0", billing, "2026-02-01T01:00:00Z", undefined, "billing")).status).toBe(202);
    await host.settle();
    await throughPreProd("billing", billing);
    expect((await statusOf(host, stageOf("billing", billing, "prod"))).customStatus?.step).toBe("awaiting-approval");
    const shopProd = await statusOf(host, stageOf("orders-api", shop, "prod"));
    expect(shopProd.runtimeStatus).toBe("Running");
    expect(shopProd.customStatus?.step).toBe("awaiting-approval");
    const preProd = await fileAt(server, file("pre-prod"));
    expect(preProd).toContain("newTag: 2.0.0");
    expect(preProd).toContain("newTag: 7.0.0");
  });

  it("each finishes on its own approval, both images in the one prod overlay", async () => {
    for (const [name, digest] of [["billing", billing], ["orders-api", shop]] as const) {
      expect((await opsCall(host, `/api/promotions/${idOf(name, digest)}/approve`, APPROVER, { reason: "ok" })).status).toBe(202);
      await host.settle();
      await fluxReconcilesHead(host, server, "prod");
      expect((await statusOf(host, idOf(name, digest))).output).toMatchObject({ outcome: "succeeded" });
    }
    const prod = await fileAt(server, file("prod"));
    expect(prod).toContain("newTag: 2.0.0");
    expect(prod).toContain("newTag: 7.0.0");
  });
});

describe("within one pipeline", { timeout: 300_000 }, () => {
  it("a newer image supersedes an older one still waiting at a stage, and only that", async () => {
    const older = digestOf(0x01de);
    const newer = digestOf(0x0e3e);
    const other = digestOf(0xb222);
    expect((await pushImage(host, "3.0.0", older, "2026-02-02T00:00:00Z")).status).toBe(202);
    expect((await pushImage(host, "8.0.0", other, "2026-02-02T00:30:00Z", undefined, "billing")).status).toBe(202);
    await host.settle();
    for (const stage of ["dev", "staging", "pre-prod"]) await fluxReconcilesHead(host, server, stage);
    expect((await statusOf(host, stageOf("orders-api", older, "prod"))).customStatus?.step).toBe("awaiting-approval");
    expect((await statusOf(host, stageOf("billing", other, "prod"))).customStatus?.step).toBe("awaiting-approval");

    expect((await pushImage(host, "3.1.0", newer, "2026-02-02T01:00:00Z")).status).toBe(202);
    await host.settle();
    await throughPreProd("orders-api", newer);
    expect((await statusOf(host, idOf("orders-api", older))).output).toMatchObject({ outcome: "superseded", reason: `superseded by ${idOf("orders-api", newer)}` });
    expect((await statusOf(host, stageOf("billing", other, "prod"))).customStatus?.step).toBe("awaiting-approval");
    expect((await statusOf(host, stageOf("orders-api", newer, "prod"))).customStatus?.step).toBe("awaiting-approval");
    for (const [name, digest] of [["billing", other], ["orders-api", newer]] as const) {
      expect((await opsCall(host, `/api/promotions/${idOf(name, digest)}/abort`, OPERATOR, { reason: "clean up" })).status).toBe(202);
    }
  });

  it("a promotion that committed is never superseded: the newer image queues behind it", async () => {
    await host.settle();
    const committed = digestOf(0xc0a1);
    const newer = digestOf(0xc0a2);
    expect((await pushImage(host, "4.0.0", committed, "2026-02-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect(await fileAt(server, file("dev"))).toContain("newTag: 4.0.0");
    expect((await pushImage(host, "4.1.0", newer, "2026-02-03T01:00:00Z")).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageOf("orders-api", newer, "dev"))).customStatus?.step).toBe("locking");
    await fluxReconcilesHead(host, server, "dev");
    expect((await statusOf(host, stageOf("orders-api", committed, "dev"))).output).toMatchObject({ outcome: "succeeded" });
    expect(await fileAt(server, file("dev"))).toContain("newTag: 4.1.0");
  });

  it("five queued promotions get the stage one after another, each woken by the release", async () => {
    const digests = [1, 2, 3, 4, 5].map((n) => digestOf(0xf00 + n));
    for (const [i, digest] of digests.entries()) {
      expect((await pushImage(host, `9.0.${i}`, digest, `2026-02-04T00:0${i}:00Z`, undefined, "billing")).status).toBe(202);
    }
    await host.settle();
    const clock = host.clock.now();
    const devCommits: string[] = [];
    for (let round = 0; round < digests.length; round++) {
      const holders = await Promise.all(digests.map(async (d) => (await statusOf(host, stageOf("billing", d, "dev"))).customStatus?.step));
      expect(holders.filter((s) => s === "awaiting-ready")).toHaveLength(1);
      devCommits.push(await head(server));
      await fluxReconcilesHead(host, server, "dev");
    }
    expect(new Set(devCommits).size).toBe(5);
    expect(host.clock.now()).toBe(clock);
    for (const d of digests) expect((await statusOf(host, stageOf("billing", d, "dev"))).output).toMatchObject({ outcome: "succeeded" });
    expect((await gitLog(server)).length).toBeGreaterThan(5);
  });
});
