import { describe, expect, it } from "vitest";
import { decideReadiness } from "../../shared/readiness/decide.js";
import type { Observation, Reported } from "../../shared/readiness/observation.js";
import type { ReadinessQuery } from "../../shared/readiness/target.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";

// History of the GitOps repository: OLD < PROMOTED < LATER; FORK is unrelated.
const OLD = sha("1");
const PROMOTED = sha("2");
const LATER = sha("3");
const FORK = sha("f");
const ancestry = linearHistory(OLD, PROMOTED, LATER);
const deps = { ancestry, retryAfterMs: 30_000 };

const query: ReadinessQuery = { target: { cluster: "aks-weu-1", kind: "Kustomization", namespace: "flux-system", name: "apps" }, promotedCommit: PROMOTED };

function seen(fields: Partial<Reported>): Reported {
  return { kind: "reported", source: "kubernetes", reportedAt: "2026-03-01T10:05:12Z", generation: { observed: 3, desired: 3 }, ...fields };
}
const readyAt = (revision: string): Reported =>
  seen({ ready: { status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: ${revision}` }, appliedRevision: revision, attemptedRevision: revision });
const failedAt = (attempted: string, applied: string): Reported =>
  seen({
    ready: { status: "False", reason: "HealthCheckFailed", message: "health check failed after 5m0s: timeout waiting for: [Deployment/apps/orders-api status: 'InProgress']" },
    appliedRevision: applied,
    attemptedRevision: attempted,
  });

describe("decideReadiness: Kustomization", () => {
  it("is ready at the promoted commit", async () => {
    expect(await decideReadiness(query, readyAt(`main@sha1:${PROMOTED}`), deps)).toEqual({
      status: "succeeded",
      value: { revision: `main@sha1:${PROMOTED}`, match: "promoted", source: "kubernetes", reportedAt: "2026-03-01T10:05:12Z" },
    });
  });

  it("is ready at a later commit that contains it, asking the git provider", async () => {
    const result = await decideReadiness(query, readyAt(`main/${LATER}`), deps);
    expect(result).toMatchObject({ status: "succeeded", value: { revision: `main/${LATER}`, match: "descendant" } });
    expect(ancestry.asked).toContainEqual([LATER, PROMOTED]);
  });

  it("waits while Ready at an older commit, saying what it saw", async () => {
    const result = await decideReadiness(query, readyAt(`main@sha1:${OLD}`), deps);
    expect(result).toMatchObject({ status: "running", retryAfterMs: 30_000 });
    expect(result.status === "running" && result.detail).toContain(`last applied main@sha1:${OLD} (does not contain the promoted commit yet)`);
  });

  it("waits while Ready at an unrelated commit (force-push)", async () => {
    expect(await decideReadiness(query, readyAt(`main@sha1:${FORK}`), deps)).toMatchObject({ status: "running" });
  });

  it("fails at once, with Flux's reason and message, when the reconcile failed at the promoted commit", async () => {
    const result = await decideReadiness(query, failedAt(`main@sha1:${PROMOTED}`, `main@sha1:${OLD}`), deps);
    expect(result.status).toBe("failed");
    expect(result.status === "failed" && result.reason).toBe(
      `Flux failed to reconcile Kustomization flux-system/apps on aks-weu-1 at main@sha1:${PROMOTED}: HealthCheckFailed: ` +
        "health check failed after 5m0s: timeout waiting for: [Deployment/apps/orders-api status: 'InProgress']",
    );
  });

  it("fails when the reconcile failed at a later commit containing ours", async () => {
    expect(await decideReadiness(query, failedAt(`main@sha1:${LATER}`, `main@sha1:${OLD}`), deps)).toMatchObject({ status: "failed" });
  });

  it("keeps waiting when the failure is at an older revision", async () => {
    const result = await decideReadiness(query, failedAt(`main@sha1:${OLD}`, `main@sha1:${sha("0")}`), deps);
    expect(result).toMatchObject({ status: "running" });
    expect(result.status === "running" && result.detail).toContain("Ready=False HealthCheckFailed");
  });

  it("keeps waiting when Ready=False is not a verdict (dependency not ready)", async () => {
    const observation = seen({
      ready: { status: "False", reason: "DependencyNotReady", message: "dependency 'flux-system/infra' is not ready" },
      appliedRevision: `main@sha1:${OLD}`,
      attemptedRevision: `main@sha1:${PROMOTED}`,
    });
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "running" });
  });

  it("waits while progressing", async () => {
    const observation = seen({
      ready: { status: "Unknown", reason: "Progressing", message: `Reconciliation in progress` },
      appliedRevision: `main@sha1:${OLD}`,
      attemptedRevision: `main@sha1:${PROMOTED}`,
    });
    const result = await decideReadiness(query, observation, deps);
    expect(result.status === "running" && result.detail).toContain(`Ready=Unknown Progressing: Reconciliation in progress; last applied main@sha1:${OLD}`);
  });

  it("waits on a stale observedGeneration even when the status looks Ready at our commit", async () => {
    const observation = { ...readyAt(`main@sha1:${PROMOTED}`), generation: { observed: 2, desired: 3 } };
    const result = await decideReadiness(query, observation, deps);
    expect(result).toMatchObject({ status: "running" });
    expect(result.status === "running" && result.detail).toContain("observedGeneration 2, generation 3");
  });

  it("does not fail on a stale observedGeneration either", async () => {
    const observation = { ...failedAt(`main@sha1:${PROMOTED}`, `main@sha1:${OLD}`), generation: { observed: 2, desired: 3 } };
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "running" });
  });

  it("is errored and retryable when the object is not found", async () => {
    const observation: Observation = { kind: "unavailable", source: "kubernetes", notFound: true, detail: "GET … answered 404" };
    expect(await decideReadiness(query, observation, deps)).toEqual({
      status: "errored",
      retryable: true,
      reason: "Kustomization flux-system/apps on aks-weu-1 is not found through kubernetes: GET … answered 404",
    });
  });

  it("is errored when the source is stale and shows nothing conclusive, but trusts a conclusive stale report", async () => {
    const stale = "ARM status was last updated 2026-03-01T09:00:00.000Z, over 10 min ago";
    expect(await decideReadiness(query, { ...readyAt(`main@sha1:${OLD}`), stale }, deps)).toMatchObject({ status: "errored" });
    expect(await decideReadiness(query, { ...readyAt(`main@sha1:${PROMOTED}`), stale }, deps)).toMatchObject({ status: "succeeded" });
  });

  it("prefers the origin revision of an OCI source", async () => {
    const observation = { ...readyAt(`latest@sha256:${"d".repeat(64)}`), appliedOriginRevision: `main@sha1:${PROMOTED}` };
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "succeeded", value: { revision: `main@sha1:${PROMOTED}` } });
  });

  it("keeps the git provider's failure as the cause", async () => {
    const broken = { contains: () => Promise.reject(new Error("GitHub answered 502")) };
    const error: unknown = await decideReadiness(query, readyAt(`main@sha1:${LATER}`), { ...deps, ancestry: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("the git provider failed");
    expect(((error as Error).cause as Error).message).toBe("GitHub answered 502");
  });
});

describe("decideReadiness: HelmRelease", () => {
  const helm: ReadinessQuery = {
    target: { cluster: "aks-weu-1", kind: "HelmRelease", namespace: "apps", name: "orders" },
    promotedCommit: PROMOTED,
    release: { chartVersion: "1.4.2" },
  };
  const release = (chartVersion: string, fields: Partial<Reported> = {}): Reported =>
    seen({
      ready: { status: "True", reason: "UpgradeSucceeded", message: `Helm upgrade succeeded for release apps/orders.v4 with chart orders@${chartVersion}` },
      release: { chartVersion, configDigest: "sha256:aa", status: "deployed" },
      attempted: { chartVersion, configDigest: "sha256:aa" },
      ...fields,
    });

  it("is ready when the current generation runs the expected chart", async () => {
    expect(await decideReadiness(helm, release("1.4.2"), deps)).toMatchObject({ status: "succeeded", value: { revision: "1.4.2", match: "release" } });
  });

  it("waits while an older chart runs, and checks the values digest when known", async () => {
    expect(await decideReadiness(helm, release("1.4.1"), deps)).toMatchObject({ status: "running" });
    const result = await decideReadiness({ ...helm, release: { chartVersion: "1.4.2", configDigest: "sha256:bb" } }, release("1.4.2"), deps);
    expect(result.status === "running" && result.detail).toContain("values digest is sha256:aa, expected sha256:bb");
  });

  it("fails when the upgrade to the expected chart failed", async () => {
    const observation = release("1.4.1", {
      ready: { status: "False", reason: "UpgradeFailed", message: "Helm upgrade failed for release apps/orders with chart orders@1.4.2: timed out waiting for the condition" },
      attempted: { chartVersion: "1.4.2" },
    });
    const result = await decideReadiness(helm, observation, deps);
    expect(result).toEqual({
      status: "failed",
      reason: "Flux failed to reconcile HelmRelease apps/orders on aks-weu-1 at chart 1.4.2: UpgradeFailed: Helm upgrade failed for release apps/orders with chart orders@1.4.2: timed out waiting for the condition",
    });
  });

  it("keeps waiting when the failed attempt was another chart, or the generation is stale", async () => {
    const failedOld = release("1.4.0", { ready: { status: "False", reason: "UpgradeFailed", message: "x" }, attempted: { chartVersion: "1.4.1" } });
    expect(await decideReadiness(helm, failedOld, deps)).toMatchObject({ status: "running" });
    expect(await decideReadiness(helm, release("1.4.2", { generation: { observed: 4, desired: 5 } }), deps)).toMatchObject({ status: "running" });
  });

  it("without an expectation, trusts only a report that carries the generation", async () => {
    const noExpectation = { ...helm, release: undefined };
    expect(await decideReadiness(noExpectation, release("1.4.2"), deps)).toMatchObject({ status: "succeeded" });
    const fromEvent = release("1.4.2", { source: "flux-event", generation: undefined });
    const result = await decideReadiness(noExpectation, fromEvent, deps);
    expect(result).toMatchObject({ status: "running" });
    expect(result.status === "running" && result.detail).toContain("only the Kubernetes API can prove which spec this reports");
    const failedEvent = { ...fromEvent, ready: { status: "False" as const, reason: "UpgradeFailed", message: "x" } };
    expect(await decideReadiness(noExpectation, failedEvent, deps)).toMatchObject({ status: "running" });
  });

  it("does not count a release that is not deployed", async () => {
    const observation = release("1.4.2", { release: { chartVersion: "1.4.2", status: "failed" } });
    expect(await decideReadiness(helm, observation, deps)).toMatchObject({ status: "running" });
  });
});
