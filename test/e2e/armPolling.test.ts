// A lost Flux event recovered by polling AKS GitOps status through Azure Resource Manager
// (fluxConfigurations), with the real SDK against a fake ARM following the REST contract.
import type { AccessToken } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { observers } from "../../orchestrations/activities/observers.js";
import { readActivitySettings } from "../../orchestrations/activities/settings.js";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import { setActivityOverrides } from "../fixtures/e2e/overrides.js";
import { fluxConfigurationProperties } from "../readiness/support/fluxConfigurations.js";
import { FAKE_ARM_TOKEN, startFakeArm, type FakeArm } from "../support/fakeArm.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, head, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

const LOCATION = { subscriptionId: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", resourceGroup: "rg-aks-dev", clusterName: "aks-dev", name: "cluster-config" };
let arm: FakeArm;
beforeAll(async () => {
  arm = await startFakeArm();
  const credential = { getToken: (): Promise<AccessToken> => Promise.resolve({ token: FAKE_ARM_TOKEN, expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") }) };
  setActivityOverrides({
    observer: observers(readActivitySettings({}), new EnvSecretSource({}), () => new Date(), fetch, { credential, clientOptions: { endpoint: arm.endpoint, httpClient: arm.httpClient, retryOptions: { maxRetries: 0 } } }),
  });
});
afterAll(async () => {
  await arm?.close();
});

const world = useBatonWorld({
  tablePrefix: "e2earm",
  entry: ["functions/!(orchestrations).ts", "test/fixtures/e2e/gatesApp.ts"],
  pipelines: {
    observe: `{ kind: arm, subscriptionId: ${LOCATION.subscriptionId}, resourceGroup: ${LOCATION.resourceGroup}, clusterName: ${LOCATION.clusterName}, fluxConfiguration: ${LOCATION.name}, kustomization: apps }`,
  },
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

function reportsRevision(sha: string): void {
  const now = new Date().toISOString();
  arm.put(
    LOCATION,
    fluxConfigurationProperties({
      namespace: "flux-system",
      sourceSyncedCommitId: `main@sha1:${sha}`,
      sourceUpdatedAt: now,
      statusUpdatedAt: now,
      kustomizations: [{ name: "orders-api-dev", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${sha}`, lastTransitionTime: now }],
    }),
  );
}

describe("a lost Flux event, recovered through ARM", () => {
  const digest = digestOf(0xa4e);

  it("keeps waiting while the AKS GitOps status shows the old commit, and moves on once it shows ours", async () => {
    reportsRevision(await head(server));
    expect((await pushImage(host, "12.0.0", digest, "2026-01-08T00:00:00Z")).status).toBe(202);
    await host.settle();
    await host.advanceThroughTimers(45_000);
    expect(arm.tokensSeen.length).toBeGreaterThan(0);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    reportsRevision(await head(server));
    await host.advanceThroughTimers(3 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
  });
});
