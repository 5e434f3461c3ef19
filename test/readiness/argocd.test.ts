// Argo CD Applications as readiness objects: the status rules, read through the real Kubernetes
// client from a fake API server serving CRD-valid Applications, and from notification bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgocdNotification } from "../../shared/ingest/parse/argocdNotification.js";
import type { CommitAncestry } from "../../shared/readiness/ancestry.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { createKubernetesSource } from "../../shared/readiness/sources/kubernetes/kubernetesSource.js";
import { observationFromFluxReport } from "../../shared/readiness/sources/fluxEvent.js";
import type { ReadinessTarget } from "../../shared/readiness/target.js";
import { application, notificationBody, type ApplicationInput } from "../support/argoApplications.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";

const PROMOTED = "a".repeat(40);
const CHILD = "b".repeat(40);
const OLDER = "c".repeat(40);
const ancestry: CommitAncestry = { contains: (descendant, ancestor) => Promise.resolve(descendant === CHILD && ancestor === PROMOTED) };
const target: ReadinessTarget = { cluster: "aks-dev", kind: "Application", namespace: "argocd", name: "orders-api-dev" };

let kube: FakeKubernetes;
beforeAll(async () => {
  kube = await startFakeKubernetes();
});
afterAll(() => kube.close());

async function polled(input: Omit<ApplicationInput, "name">) {
  kube.put(application({ name: "orders-api-dev", ...input }));
  const source = createKubernetesSource({ clusters: new Map([["aks-dev", kube.kubeConfig()]]), now: () => new Date("2026-03-01T10:06:00Z") });
  return decideReadiness({ target, promotedCommit: PROMOTED }, await source.observe(target), { ancestry, retryAfterMs: 30_000 });
}

describe("an Application read through the Kubernetes API", () => {
  it("is Ready when Synced and Healthy at the promoted commit or a descendant", async () => {
    expect(await polled({ revision: PROMOTED })).toMatchObject({ status: "succeeded", value: { revision: PROMOTED, match: "promoted", source: "kubernetes" } });
    expect(await polled({ revision: CHILD })).toMatchObject({ status: "succeeded", value: { match: "descendant" } });
    expect(kube.requests.at(-1)).toBe("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/orders-api-dev");
  });

  it("keeps waiting while synced to an older commit, out of sync, or still progressing", async () => {
    expect(await polled({ revision: OLDER })).toMatchObject({ status: "running" });
    expect(await polled({ revision: PROMOTED, sync: "OutOfSync" })).toMatchObject({ status: "running" });
    const progressing = await polled({ revision: PROMOTED, health: "Progressing", healthMessage: "Waiting for rollout to finish: 1 of 3 updated replicas are available..." });
    expect(progressing).toMatchObject({ status: "running" });
    expect(progressing.status === "running" && progressing.detail).toContain("Synced/Progressing");
  });

  it("fails with Argo CD's message when the sync of our commit fails or the synced app is Degraded", async () => {
    const syncFailed = await polled({ revision: OLDER, sync: "OutOfSync", operation: { phase: "Failed", message: "one or more objects failed to apply, reason: admission webhook denied", revision: PROMOTED } });
    expect(syncFailed).toMatchObject({ status: "failed" });
    expect(syncFailed.status === "failed" && syncFailed.reason).toMatch(/SyncFailed at a{40}: one or more objects failed to apply/);
    const degraded = await polled({ revision: CHILD, health: "Degraded", healthMessage: "Deployment orders-api exceeded its progress deadline" });
    expect(degraded.status === "failed" && degraded.reason).toMatch(/Degraded at b{40}: Deployment orders-api exceeded its progress deadline/);
  });

  it("does not blame our commit for a failure at an older one, nor for degradation while out of sync", async () => {
    expect(await polled({ revision: OLDER, operation: { phase: "Error", message: "ComparisonError", revision: OLDER } })).toMatchObject({ status: "running" });
    expect(await polled({ revision: PROMOTED, sync: "OutOfSync", health: "Degraded" })).toMatchObject({ status: "running" });
  });
});

describe("the refresh nudge", () => {
  it("annotates the Application for Argo CD to refresh, through the real client's merge patch", async () => {
    kube.put(application({ name: "orders-api-dev", revision: OLDER }));
    const source = createKubernetesSource({ clusters: new Map([["aks-dev", kube.kubeConfig()]]), now: () => new Date() });
    expect(await source.refresh?.(target)).toMatchObject({ ok: true });
    expect(kube.patches.at(-1)).toEqual({ path: "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/orders-api-dev", body: { metadata: { annotations: { "argocd.argoproj.io/refresh": "normal" } } } });
    const missing = await source.refresh?.({ ...target, name: "nobody" });
    expect(missing).toMatchObject({ ok: false, detail: expect.stringContaining("HTTP 404") as unknown });
  });
});

describe("an Argo CD notification", () => {
  const receivedAt = new Date("2026-03-01T10:06:00Z");
  const parse = (input: Omit<ApplicationInput, "name">, cluster?: string, hint?: string) =>
    parseArgocdNotification(JSON.parse(notificationBody(application({ name: "orders-api-dev", ...input }), cluster)), hint, receivedAt);

  it("becomes a ready or failed report that the same rules judge", async () => {
    const ready = parse({ revision: PROMOTED }, undefined, "aks-dev");
    expect(ready).toMatchObject({ kind: "workload.reconciled", cluster: "aks-dev", objectKind: "Application", namespace: "argocd", name: "orders-api-dev", revision: PROMOTED, outcome: "ready" });
    const degraded = parse({ revision: PROMOTED, health: "Degraded", healthMessage: "back-off restarting failed container" }, "aks-dev");
    expect(degraded).toMatchObject({ outcome: "failed", reason: "Degraded", cluster: "aks-dev" });
    for (const [report, expected] of [[ready, "succeeded"], [degraded, "failed"]] as const) {
      if (report.kind !== "workload.reconciled" || report.outcome === "progressing") throw new Error("expected a verdict");
      const observation = observationFromFluxReport({ ...report, outcome: report.outcome });
      expect((await decideReadiness({ target, promotedCommit: PROMOTED }, observation, { ancestry, retryAfterMs: 1 })).status).toBe(expected);
    }
  });

  it("ignores progress, and refuses a body without a cluster or an Application", () => {
    expect(parse({ revision: PROMOTED, health: "Progressing" }, "aks-dev")).toMatchObject({ kind: "ignored" });
    expect(() => parse({ revision: PROMOTED })).toThrow(/cannot tell the cluster/);
    expect(() => parseArgocdNotification({ app: { metadata: { name: "x" } } }, "aks-dev", receivedAt)).toThrow(/app.metadata.namespace/);
  });
});
