/**
 * Issue 5: "a lost Flux event recovered by polling". Flux delivers events fire-and-forget
 * (protocols.md 3.2); here the event for the promoted commit never arrives, and the polling
 * fallback sees the object Ready through the Kubernetes API and ARM (real SDKs, fake servers).
 */
import type { AccessToken } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { nextPollDelayMs } from "../../shared/readiness/polling.js";
import { createArmSource } from "../../shared/readiness/sources/arm/armSource.js";
import { observationFromFluxEvent } from "../../shared/readiness/sources/fluxEvent.js";
import { createKubernetesSource } from "../../shared/readiness/sources/kubernetes/kubernetesSource.js";
import type { ReadinessQuery } from "../../shared/readiness/target.js";
import { FAKE_ARM_TOKEN, startFakeArm, type FakeArm } from "../support/fakeArm.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";
import { fluxConfigurationProperties } from "./support/fluxConfigurations.js";
import { kustomization } from "./support/fluxObjects.js";

const OLD = sha("1");
const PROMOTED = sha("2");
const LATER = sha("3");
const ancestry = linearHistory(OLD, PROMOTED, LATER);
const now = new Date("2026-03-01T10:06:00Z");
const query: ReadinessQuery = { target: { cluster: "weu-1", kind: "Kustomization", namespace: "cluster-config", name: "cluster-config-apps" }, promotedCommit: PROMOTED };

let kube: FakeKubernetes;
let arm: FakeArm;
beforeAll(async () => {
  [kube, arm] = await Promise.all([startFakeKubernetes(), startFakeArm()]);
});
afterAll(() => Promise.all([kube.close(), arm.close()]));

describe("a lost Flux event recovered by polling", () => {
  it("waits on the last event seen, then polling finds the object Ready at a later commit containing ours", async () => {
    // The last event that reached Baton is for the previous commit; ours was lost.
    const lastEvent = observationFromFluxEvent("flux.ready", {
      cluster: "weu-1",
      objectKind: "Kustomization",
      namespace: "cluster-config",
      name: "cluster-config-apps",
      revision: `main@sha1:${OLD}`,
      reason: "ReconciliationSucceeded",
      message: "Reconciliation finished in 1.2s, next run in 10m0s",
      reportedAt: "2026-03-01T09:50:00Z",
    });
    const retryAfterMs = nextPollDelayMs({ waitedMs: 0, eventsFlowing: true });
    expect(await decideReadiness(query, lastEvent, { ancestry, retryAfterMs })).toMatchObject({ status: "running", retryAfterMs: 30_000 });

    // Meanwhile Flux applied a later commit that contains ours.
    kube.put(kustomization({ name: "cluster-config-apps", namespace: "cluster-config", lastAppliedRevision: `main@sha1:${LATER}` }));
    arm.put(
      { subscriptionId: "sub-1", resourceGroup: "rg-weu", clusterName: "aks-weu-1", name: "cluster-config" },
      fluxConfigurationProperties({
        sourceSyncedCommitId: `main@sha1:${LATER}`,
        kustomizations: [{ name: "cluster-config-apps", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${LATER}` }],
      }),
    );
    const sources = [
      createKubernetesSource({ clusters: new Map([["weu-1", kube.kubeConfig()]]), now: () => now }),
      createArmSource({
        credential: { getToken: (): Promise<AccessToken> => Promise.resolve({ token: FAKE_ARM_TOKEN, expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") }) },
        subscriptionId: "sub-1",
        clusters: new Map([["weu-1", { resourceGroup: "rg-weu", clusterName: "aks-weu-1", fluxConfiguration: "cluster-config" }]]),
        now: () => now,
        maxStatusAgeMs: 600_000,
        clientOptions: { endpoint: arm.endpoint, httpClient: arm.httpClient, retryOptions: { maxRetries: 0 } },
      }),
    ];
    for (const source of sources) {
      const polled = await decideReadiness(query, await source.observe(query.target), { ancestry, retryAfterMs });
      expect(polled).toMatchObject({ status: "succeeded", value: { revision: `main@sha1:${LATER}`, match: "descendant" } });
    }
  });
});
