import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { createArmSource } from "../../shared/readiness/sources/arm/armSource.js";
import type { ReadinessSource } from "../../shared/readiness/source.js";
import type { ReadinessTarget } from "../../shared/readiness/target.js";
import { FAKE_ARM_TOKEN, startFakeArm, type FakeArm } from "../support/fakeArm.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";
import { fluxConfigurationProperties } from "./support/fluxConfigurations.js";

const OLD = sha("1");
const PROMOTED = sha("2");
const SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a1";
const location = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-weu", clusterName: "aks-weu-1", name: "cluster-config" };
const apps: ReadinessTarget = { cluster: "weu-1", kind: "Kustomization", namespace: "cluster-config", name: "cluster-config-apps" };
const deps = { ancestry: linearHistory(OLD, PROMOTED), retryAfterMs: 30_000 };
const query = { target: apps, promotedCommit: PROMOTED };

/** A fixed token, as a TokenCredential would hand out. */
const credential: TokenCredential = {
  getToken: (): Promise<AccessToken> => Promise.resolve({ token: FAKE_ARM_TOKEN, expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") }),
};

let arm: FakeArm;
let now = new Date("2026-03-01T10:06:00Z");
let source: ReadinessSource;

beforeAll(async () => {
  arm = await startFakeArm();
  source = createArmSource({
    credential,
    subscriptionId: SUBSCRIPTION,
    clusters: new Map([["weu-1", { resourceGroup: "rg-weu", clusterName: "aks-weu-1", fluxConfiguration: "cluster-config" }]]),
    now: () => now,
    maxStatusAgeMs: 10 * 60_000,
    clientOptions: { endpoint: arm.endpoint, httpClient: arm.httpClient, retryOptions: { maxRetries: 0 } },
  });
});
afterAll(() => arm.close());

describe("ARM readiness source (real @azure/arm-kubernetesconfiguration against the fake ARM)", () => {
  it("reads the extension's status of a Kustomization, with the revision from its Ready message", async () => {
    arm.put(
      location,
      fluxConfigurationProperties({
        sourceSyncedCommitId: `main@sha1:${PROMOTED}`,
        kustomizations: [{ name: "cluster-config-apps", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${PROMOTED}` }],
      }),
    );
    const observation = await source.observe(apps);
    expect(observation).toEqual({
      kind: "reported",
      source: "arm",
      reportedAt: "2026-03-01T10:05:12.000Z",
      ready: { status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${PROMOTED}`, lastTransitionTime: "2026-03-01T10:05:10.000Z" },
      suspended: false,
      stale: undefined,
      appliedRevision: `main@sha1:${PROMOTED}`,
      attemptedRevision: undefined,
    });
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "succeeded", value: { source: "arm", match: "promoted" } });
    expect(arm.tokensSeen.at(-1)).toBe(FAKE_ARM_TOKEN);
    expect(arm.apiVersionsSeen.at(-1)).toBe("2023-05-01");
  });

  it("fails at the synced commit when the Kustomization failed after the source synced it (legacy main/<sha> form)", async () => {
    arm.put(
      location,
      fluxConfigurationProperties({
        complianceState: "Non-Compliant",
        sourceSyncedCommitId: `main/${PROMOTED}`,
        sourceUpdatedAt: "2026-03-01T10:04:40Z",
        kustomizations: [
          { name: "cluster-config-apps", status: "False", reason: "HealthCheckFailed", message: "health check failed after 5m0s", lastTransitionTime: "2026-03-01T10:05:00Z" },
        ],
      }),
    );
    expect(await decideReadiness(query, await source.observe(apps), deps)).toEqual({
      status: "failed",
      reason: `Flux failed to reconcile Kustomization cluster-config/cluster-config-apps on weu-1 at main/${PROMOTED}: HealthCheckFailed: health check failed after 5m0s`,
    });
  });

  it("keeps waiting on a failure that began before the source synced our commit", async () => {
    arm.put(
      location,
      fluxConfigurationProperties({
        sourceSyncedCommitId: `main@sha1:${PROMOTED}`,
        sourceUpdatedAt: "2026-03-01T10:04:40Z",
        kustomizations: [{ name: "cluster-config-apps", status: "False", reason: "BuildFailed", message: "kustomize build failed", lastTransitionTime: "2026-03-01T09:00:00Z" }],
      }),
    );
    expect(await decideReadiness(query, await source.observe(apps), deps)).toMatchObject({ status: "running" });
  });

  it("waits while Pending at an older revision, and calls a stale status errored", async () => {
    arm.put(
      location,
      fluxConfigurationProperties({
        complianceState: "Pending",
        sourceSyncedCommitId: `main@sha1:${OLD}`,
        kustomizations: [{ name: "cluster-config-apps", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${OLD}` }],
      }),
    );
    expect(await decideReadiness(query, await source.observe(apps), deps)).toMatchObject({ status: "running" });
    now = new Date("2026-03-01T11:00:00Z");
    const result = await decideReadiness(query, await source.observe(apps), deps);
    expect(result).toMatchObject({ status: "errored", retryable: true });
    expect(result.status === "errored" && result.reason).toContain("ARM status was last updated 2026-03-01T10:05:12.000Z, over 10 min ago");
    now = new Date("2026-03-01T10:06:00Z");
  });

  it("reads a HelmRelease's chart version from its Ready message", async () => {
    arm.put(
      location,
      fluxConfigurationProperties({
        sourceSyncedCommitId: `main@sha1:${PROMOTED}`,
        kustomizations: [{ name: "cluster-config-apps", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${PROMOTED}` }],
        helmReleases: [{ name: "orders", status: "True", reason: "UpgradeSucceeded", message: "Helm upgrade succeeded for release cluster-config/orders.v4 with chart orders@1.4.2" }],
      }),
    );
    const orders: ReadinessTarget = { cluster: "weu-1", kind: "HelmRelease", namespace: "cluster-config", name: "orders" };
    expect(await source.observe(orders)).toMatchObject({ kind: "reported", release: { chartVersion: "1.4.2" } });
    const helmQuery = { target: orders, promotedCommit: PROMOTED, release: { chartVersion: "1.4.2" } };
    expect(await decideReadiness(helmQuery, await source.observe(orders), deps)).toMatchObject({ status: "succeeded", value: { revision: "1.4.2" } });
  });

  it("is not found, retryably, when ARM has no such configuration or no status for the object", async () => {
    const other = createArmSource({
      credential,
      subscriptionId: SUBSCRIPTION,
      clusters: new Map([["weu-1", { resourceGroup: "rg-weu", clusterName: "aks-weu-1", fluxConfiguration: "missing" }]]),
      now: () => now,
      maxStatusAgeMs: 600_000,
      clientOptions: { endpoint: arm.endpoint, httpClient: arm.httpClient, retryOptions: { maxRetries: 0 } },
    });
    const missing = await other.observe(apps);
    expect(missing).toMatchObject({ kind: "unavailable", source: "arm", notFound: true });
    expect(missing.kind === "unavailable" && missing.detail).toContain("answered 404 ResourceNotFound: The Resource 'Microsoft.KubernetesConfiguration/fluxConfigurations/missing'");
    expect(await decideReadiness(query, missing, deps)).toMatchObject({ status: "errored", retryable: true });

    const noStatus = await source.observe({ ...apps, name: "cluster-config-infra" });
    expect(noStatus).toMatchObject({ kind: "unavailable", notFound: true });
    expect(noStatus.kind === "unavailable" && noStatus.detail).toContain("it reports: GitRepository cluster-config/cluster-config, Kustomization cluster-config/cluster-config-apps");
  });

  it("says what to grant when ARM refuses the token", async () => {
    const anonymous = createArmSource({
      credential: { getToken: () => Promise.resolve({ token: "", expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") }) },
      subscriptionId: SUBSCRIPTION,
      clusters: new Map([["weu-1", { resourceGroup: "rg-weu", clusterName: "aks-weu-1", fluxConfiguration: "cluster-config" }]]),
      now: () => now,
      maxStatusAgeMs: 600_000,
      clientOptions: { endpoint: arm.endpoint, httpClient: arm.httpClient, retryOptions: { maxRetries: 0 } },
    });
    const observation = await anonymous.observe(apps);
    expect(observation).toMatchObject({ kind: "unavailable", notFound: false });
    expect(observation.kind === "unavailable" && observation.detail).toContain(
      "answered 401 AuthenticationFailed: Authentication failed. The 'Authorization' header is missing.; grant Baton's identity Reader on the cluster",
    );
  });
});
