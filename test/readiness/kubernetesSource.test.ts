import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { createKubernetesSource } from "../../shared/readiness/sources/kubernetes/kubernetesSource.js";
import type { ReadinessSource } from "../../shared/readiness/source.js";
import type { ReadinessTarget } from "../../shared/readiness/target.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";
import { helmRelease, kustomization } from "./support/fluxObjects.js";

const OLD = sha("1");
const PROMOTED = sha("2");
const NOW = new Date("2026-03-01T10:06:00Z");
const apps: ReadinessTarget = { cluster: "aks-weu-1", kind: "Kustomization", namespace: "flux-system", name: "apps" };
const orders: ReadinessTarget = { cluster: "aks-weu-1", kind: "HelmRelease", namespace: "apps", name: "orders" };
const deps = { ancestry: linearHistory(OLD, PROMOTED), retryAfterMs: 30_000 };

let kube: FakeKubernetes;
let source: ReadinessSource;

beforeAll(async () => {
  kube = await startFakeKubernetes();
  source = createKubernetesSource({ clusters: new Map([["aks-weu-1", kube.kubeConfig()]]), now: () => NOW });
});
afterAll(() => kube.close());

describe("Kubernetes readiness source (real @kubernetes/client-node against the fake API server)", () => {
  it("reads a Kustomization Ready at a revision", async () => {
    kube.put(kustomization({ lastAppliedRevision: `main@sha1:${PROMOTED}` }));
    expect(await source.observe(apps)).toEqual({
      kind: "reported",
      source: "kubernetes",
      reportedAt: NOW.toISOString(),
      ready: { status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${PROMOTED}`, lastTransitionTime: "2026-03-01T10:05:12Z" },
      generation: { observed: 3, desired: 3 },
      suspended: false,
      appliedRevision: `main@sha1:${PROMOTED}`,
      attemptedRevision: `main@sha1:${PROMOTED}`,
    });
    expect(kube.requests.at(-1)).toBe("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps");
  });

  it("follows the object as the controller moves it: new generation, failed attempt, then success", async () => {
    kube.put(kustomization({ generation: 4, observedGeneration: 3, lastAppliedRevision: `main@sha1:${OLD}` }));
    expect(await decideReadiness({ target: apps, promotedCommit: PROMOTED }, await source.observe(apps), deps)).toMatchObject({ status: "running" });

    kube.put(
      kustomization({
        generation: 4,
        lastAppliedRevision: `main@sha1:${OLD}`,
        lastAttemptedRevision: `main@sha1:${PROMOTED}`,
        ready: { status: "False", reason: "BuildFailed", message: "kustomize build failed: accumulating resources: 'apps/orders' not found" },
      }),
    );
    expect(await decideReadiness({ target: apps, promotedCommit: PROMOTED }, await source.observe(apps), deps)).toEqual({
      status: "failed",
      reason: `Flux failed to reconcile Kustomization flux-system/apps on aks-weu-1 at main@sha1:${PROMOTED}: BuildFailed: kustomize build failed: accumulating resources: 'apps/orders' not found`,
    });

    kube.put(kustomization({ generation: 4, lastAppliedRevision: `main@sha1:${PROMOTED}` }));
    expect(await decideReadiness({ target: apps, promotedCommit: PROMOTED }, await source.observe(apps), deps)).toMatchObject({ status: "succeeded" });
  });

  it("reads a HelmRelease from history[0] and lastAttempted*", async () => {
    kube.put(helmRelease({ chartVersion: "1.4.2", configDigest: "sha256:aa" }));
    const observation = await source.observe(orders);
    expect(observation).toMatchObject({
      kind: "reported",
      generation: { observed: 5, desired: 5 },
      ready: { status: "True", reason: "UpgradeSucceeded" },
      release: { chartVersion: "1.4.2", configDigest: "sha256:aa", appVersion: "1.4.2", status: "deployed" },
      attempted: { chartVersion: "1.4.2", configDigest: "sha256:aa" },
    });
    expect(observation).not.toHaveProperty("appliedRevision");
    const query = { target: orders, promotedCommit: PROMOTED, release: { chartVersion: "1.4.2", configDigest: "sha256:aa" } };
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "succeeded", value: { revision: "1.4.2", match: "release" } });
    expect(kube.requests.at(-1)).toBe("/apis/helm.toolkit.fluxcd.io/v2/namespaces/apps/helmreleases/orders");
  });

  it("turns the API server's 404 Status into a retryable not-found", async () => {
    const missing = { ...apps, name: "absent" };
    const observation = await source.observe(missing);
    expect(observation).toEqual({
      kind: "unavailable",
      source: "kubernetes",
      notFound: true,
      detail:
        'GET /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/absent on cluster aks-weu-1 answered 404: kustomizations.kustomize.toolkit.fluxcd.io "absent" not found; ' +
        "check the object's name and namespace, and that Flux (kustomizations.kustomize.toolkit.fluxcd.io/v1) is installed",
    });
    expect(await decideReadiness({ target: missing, promotedCommit: PROMOTED }, observation, deps)).toMatchObject({ status: "errored", retryable: true });
  });

  it("says what to grant when the API server refuses, without echoing the token", async () => {
    const refused = createKubernetesSource({ clusters: new Map([["aks-weu-1", kube.kubeConfig("wrong-token")]]), now: () => NOW });
    const observation = await refused.observe(apps);
    expect(observation).toMatchObject({ kind: "unavailable", notFound: false });
    expect(observation.kind === "unavailable" && observation.detail).toContain('answered 401; grant Baton\'s identity "get" on kustomizations.kustomize.toolkit.fluxcd.io/v1 in namespace flux-system');
    expect(JSON.stringify(observation)).not.toContain("wrong-token");
  });

  it("reports an unreachable API server and an unconfigured cluster as unavailable", async () => {
    const closed = await startFakeKubernetes();
    const config = closed.kubeConfig();
    await closed.close();
    const unreachable = createKubernetesSource({ clusters: new Map([["aks-weu-1", config]]), now: () => NOW });
    expect(await unreachable.observe(apps)).toMatchObject({ kind: "unavailable", notFound: false, detail: expect.stringContaining("check that the API server is reachable") as string });
    expect(await source.observe({ ...apps, cluster: "aks-neu-2" })).toMatchObject({ kind: "unavailable", detail: "no Kubernetes API configured for cluster aks-neu-2 (configured: aks-weu-1)" });
  });

  it("rejects an object that is not the Flux shape Baton expects", async () => {
    kube.put({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name: "odd", namespace: "flux-system", generation: 1 }, status: { conditions: "Ready" } });
    expect(await source.observe({ ...apps, name: "odd" })).toMatchObject({ kind: "unavailable", detail: expect.stringContaining("status.conditions") as string });
  });
});
