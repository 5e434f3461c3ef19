// A stage pinned before the operator narrowed BATON_PIPELINE_SECRETS (or started by hand) that
// reaches a secret outside the scope fails at once with the refusal: through the real runtime on
// the virtual clock, the activity that asks runs exactly once (no transient retries, no re-polling
// until a deadline), and the secret's value, never read, reaches no history, status or log.
import { beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import type { TestHost } from "../../local/testing.js";
import { ORCHESTRATOR } from "../../shared/durable/names.js";
import type { GateConfig } from "../../shared/pipelines/config/model.js";
import type { StageInput } from "../../orchestrations/stage/run.js";
import { fluxReports, head, useBatonWorld } from "../e2e/world.js";
import { handStartedStage } from "./recorder.js";

const KUBECONFIG = "canary-kubeconfig-out-of-scope-31c7";
const GITHUB_TOKEN = "canary-github-token-out-of-scope-8e02";

const world = useBatonWorld({
  tablePrefix: "secp11",
  // The store holds both secrets; the operator's scope (E2E_*) does not allow them.
  env: () => ({ OPS_KUBECONFIG: KUBECONFIG, OPS_GITHUB_TOKEN: GITHUB_TOKEN }),
});
let host: TestHost;
beforeAll(() => {
  ({ host } = world());
});

function stageInput(promotionId: string, pipeline: string, tag: string, stage: Parameters<typeof handStartedStage>[1]): StageInput {
  const input = handStartedStage(promotionId, stage);
  return { ...input, pipeline: { ...input.pipeline, name: pipeline }, image: { ...input.image, tag, deliveryId: `d-${promotionId}` } };
}

function scheduled(id: string, activity: string): number {
  return host.history(id).filter((e) => e.EventType === EventType.TaskScheduled && e.Name === activity).length;
}

async function nothingLeaked(id: string): Promise<void> {
  const places = [JSON.stringify(host.history(id)), JSON.stringify(await host.status(id)), JSON.stringify(host.logs)];
  for (const place of places) {
    expect(place).not.toContain(KUBECONFIG);
    expect(place).not.toContain(GITHUB_TOKEN);
  }
}

describe("a secret out of scope, reached by a pinned stage", () => {
  it("fails the readiness wait at the first poll, with the refusal, polling once", async () => {
    const input = stageInput("promo-refused-kube", "refused-kube", "7.0.1", {
      repository: { provider: "git", url: world().server.url("gitops"), branch: "main", auth: { kind: "none" } },
      readiness: {
        objects: [{ cluster: "aks-dev", kind: "Kustomization", namespace: "flux-system", name: "orders-api-dev" }],
        // Far beyond the test's horizon: only the refusal can end the wait this soon.
        timeoutMs: 15 * 60_000,
        observe: { kind: "kubernetes", kubeconfigSecret: "OPS_KUBECONFIG" },
      },
    });
    const id = await host.startOrchestration(ORCHESTRATOR.stage, input, "promo-refused-kube--dev");
    // The first poll is 30 s after the commit; without the refusal as an answer, the activity's
    // retries (5 s, 10 s, 20 s, 40 s backoff) would still be running a minute later.
    await host.advanceThroughTimers(60_000);
    const status = await host.status(id);
    expect(status.runtimeStatus).toBe("Completed");
    expect(status.output).toMatchObject({
      outcome: "failed",
      reason: "ready: Kustomization flux-system/orders-api-dev failed: secret OPS_KUBECONFIG is outside the set the operator declared for pipelines (BATON_PIPELINE_SECRETS allows E2E_*)",
    });
    expect(scheduled(id, "pollReadiness")).toBe(1);
    expect(host.history(id).filter((e) => e.EventType === EventType.TaskFailed)).toEqual([]);
    await nothingLeaked(id);
  });

  it("fails a workflow gate at its dispatch, with the refusal, dispatching once", async () => {
    const gate: GateConfig = {
      kind: "workflow",
      name: "smoke",
      repository: "acme/app",
      workflow: "smoke.yml",
      ref: "main",
      inputs: {},
      apiUrl: "http://127.0.0.1:9",
      auth: { kind: "token", tokenSecret: "OPS_GITHUB_TOKEN" },
      pollIntervalMs: 60_000,
      timeoutMs: 3_600_000,
    };
    const input = stageInput("promo-refused-gate", "refused-gate", "7.0.2", {
      repository: { provider: "git", url: world().server.url("gitops"), branch: "main", auth: { kind: "none" } },
      readiness: { objects: [{ cluster: "aks-dev", kind: "Kustomization", namespace: "flux-system", name: "orders-api-dev" }], timeoutMs: 15 * 60_000 },
      gates: [gate],
    });
    const id = await host.startOrchestration(ORCHESTRATOR.stage, input, "promo-refused-gate--dev");
    await host.settle();
    expect((await fluxReports(host, "dev", `main@sha1:${await head(world().server)}`)).status).toBeLessThan(300);
    // An errored dispatch would be tried again every 15 s until the gate's hour is up.
    await host.advanceThroughTimers(60_000);
    const status = await host.status(id);
    expect(status.runtimeStatus).toBe("Completed");
    expect(status.output).toMatchObject({
      outcome: "failed",
      reason: expect.stringContaining(
        "workflow gate smoke (acme/app smoke.yml on main): secret OPS_GITHUB_TOKEN is outside the set the operator declared for pipelines (BATON_PIPELINE_SECRETS allows E2E_*)",
      ) as unknown,
    });
    expect(scheduled(id, "dispatchWorkflow")).toBe(1);
    expect(host.history(id).filter((e) => e.EventType === EventType.TaskFailed)).toEqual([]);
    await nothingLeaked(id);
  });
});
