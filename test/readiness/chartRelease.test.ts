// Issue 14.3: readiness of a chart promotion is the HelmRelease running the promoted chart version,
// as helm-controller reports it in status (history[0].chartVersion, lastAttemptedRevision) and in
// its events' revision. The HelmReleases are checked against helm-controller's CRD schema.
import { describe, expect, it } from "vitest";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { StageConfig } from "../../shared/pipelines/config/model.js";
import { chartReleaseExpectation, restoredChartSubject, sameChartVersion } from "../../shared/readiness/chartRelease.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { observationFromFluxReport } from "../../shared/readiness/sources/fluxEvent.js";
import { helmReleaseSchema, observeHelmRelease } from "../../shared/readiness/sources/kubernetes/helmReleaseObservation.js";
import type { ReadinessQuery } from "../../shared/readiness/target.js";
import { assertHelmRelease } from "../support/helmReleases.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";
import { helmRelease } from "./support/fluxObjects.js";

const DIGEST = `sha256:0123456789ab${"cd".repeat(26)}`;
const chart = (tag: string, kind: "chart" | "image" = "chart"): ImagePublished => ({
  kind: "image.published",
  registry: "myacr.azurecr.io",
  repository: "helm/orders",
  tag,
  digest: DIGEST,
  publishedAt: "2026-03-01T10:00:00Z",
  source: "acr-eventgrid",
  deliveryId: "d1",
  ...(kind === "chart" ? { artifact: "chart" as const } : {}),
});
const stage = (kind: "helm-release-chart" | "oci-repository" | "chart-dependency" | "kustomize"): StageConfig =>
  ({ name: "dev", edits: [{ file: "f.yaml", target: { kind } }] }) as unknown as StageConfig;
const release = { cluster: "aks-dev", kind: "HelmRelease", namespace: "orders", name: "orders" } as const;
const deps = { ancestry: linearHistory(sha("1")), retryAfterMs: 30_000 };

describe("what a chart promotion expects of a HelmRelease", () => {
  it("expects the promoted chart version (SemVer's + restored from the OCI tag's _) when the stage sets the release's chart", () => {
    expect(chartReleaseExpectation({ image: chart("1.4.0_build.7"), stage: stage("helm-release-chart"), object: release })).toEqual({ chartVersion: "1.4.0+build.7", ociDigest: DIGEST });
    expect(chartReleaseExpectation({ image: chart("1.4.0"), stage: stage("oci-repository"), object: release })).toEqual({ chartVersion: "1.4.0", ociDigest: DIGEST });
  });

  it("expects nothing of an image promotion, a Kustomization, or an umbrella chart whose dependency moved", () => {
    expect(chartReleaseExpectation({ image: chart("1.4.0", "image"), stage: stage("kustomize"), object: release })).toBeUndefined();
    expect(chartReleaseExpectation({ image: chart("1.4.0"), stage: stage("helm-release-chart"), object: { ...release, kind: "Kustomization" } })).toBeUndefined();
    expect(chartReleaseExpectation({ image: chart("1.4.0"), stage: stage("chart-dependency"), object: release })).toBeUndefined();
  });

  it("accepts the version with the promoted digest appended (an OCIRepository chart), never another digest", () => {
    const expected = { chartVersion: "1.4.0", ociDigest: DIGEST };
    expect(sameChartVersion(expected, "1.4.0")).toBe(true);
    expect(sameChartVersion(expected, "1.4.0+0123456789ab")).toBe(true);
    expect(sameChartVersion({ chartVersion: "1.4.0+build.7", ociDigest: DIGEST }, "1.4.0+0123456789ab")).toBe(true);
    expect(sameChartVersion(expected, "1.4.0+ffffffffffff")).toBe(false);
    expect(sameChartVersion(expected, "1.4.1+0123456789ab")).toBe(false);
    // A rolled-back version known only by its tag: any digest of that version is the restored one.
    expect(sameChartVersion({ chartVersion: "1.4.0" }, "1.4.0+0123456789ab")).toBe(true);
    expect(sameChartVersion({ chartVersion: "1.4.0" }, "1.4.0+build.7")).toBe(false);
    expect(sameChartVersion(expected, undefined)).toBe(false);
  });
});

describe("after a rollback", () => {
  it("judges a chart stage by the version it ran before, and an image stage by its commit", () => {
    expect(restoredChartSubject(chart("1.5.0"), [{ tag: "1.4.0" }])).toMatchObject({ tag: "1.4.0", digest: "", artifact: "chart" });
    expect(restoredChartSubject(chart("1.5.0"), [{ tag: "2.0.0", digest: DIGEST }])).toMatchObject({ tag: "2.0.0", digest: DIGEST });
    expect(restoredChartSubject(chart("1.5.0", "image"), [{ tag: "1.4.0" }])).toBeUndefined();
    expect(restoredChartSubject(chart("1.5.0"), [])).toBeUndefined();
  });
});

describe("a HelmRelease read from the Kubernetes API, judged at the promoted chart version", () => {
  const query: ReadinessQuery = { target: release, promotedCommit: sha("1"), release: { chartVersion: "1.4.0", ociDigest: DIGEST } };
  const observe = (object: ReturnType<typeof helmRelease>) => {
    assertHelmRelease(object);
    return observeHelmRelease(helmReleaseSchema.parse(object), "2026-03-01T10:06:00Z");
  };

  it("is Ready when history[0] runs the promoted version", async () => {
    const object = helmRelease({ name: "orders", namespace: "orders", chartVersion: "1.4.0" });
    expect(await decideReadiness(query, observe(object), deps)).toMatchObject({ status: "succeeded", value: { revision: "1.4.0", match: "release", source: "kubernetes" } });
  });

  it("is Ready for a chartRef release whose version carries the promoted digest (history[0].ociDigest, lastAttemptedRevisionDigest)", async () => {
    const object = helmRelease({ name: "orders", namespace: "orders", chartVersion: "1.4.0+0123456789ab" });
    const status = object.status as { history: Record<string, unknown>[] } & Record<string, unknown>;
    status.history[0] = { ...status.history[0], ociDigest: DIGEST };
    status.lastAttemptedRevisionDigest = DIGEST;
    object.spec = { interval: "10m", chartRef: { kind: "OCIRepository", name: "orders-chart", namespace: "flux-system" } };
    expect(await decideReadiness(query, observe(object), deps)).toMatchObject({ status: "succeeded", value: { revision: "1.4.0+0123456789ab" } });
  });

  it("waits while the release runs an older version, saying which", async () => {
    const result = await decideReadiness(query, observe(helmRelease({ name: "orders", namespace: "orders", chartVersion: "1.3.2" })), deps);
    expect(result).toMatchObject({ status: "running" });
    expect(result.status === "running" && result.detail).toContain("chart version is 1.3.2, expected 1.4.0");
  });

  it("fails when the upgrade to the promoted version failed, and not for an older version's failure", async () => {
    const failedUpgrade = { status: "False", reason: "UpgradeFailed", message: "Helm upgrade failed for release orders/orders with chart orders@1.4.0: context deadline exceeded" } as const;
    const ours = helmRelease({ name: "orders", namespace: "orders", chartVersion: "1.3.2", ready: failedUpgrade, lastAttemptedRevision: "1.4.0" });
    const result = await decideReadiness(query, observe(ours), deps);
    expect(result).toMatchObject({ status: "failed" });
    expect(result.status === "failed" && result.reason).toContain("at chart 1.4.0: UpgradeFailed");
    const older = helmRelease({ name: "orders", namespace: "orders", chartVersion: "1.3.1", ready: failedUpgrade, lastAttemptedRevision: "1.3.2" });
    expect(await decideReadiness(query, observe(older), deps)).toMatchObject({ status: "running" });
  });
});

describe("a HelmRelease event's revision", () => {
  const query: ReadinessQuery = { target: release, promotedCommit: sha("1"), release: { chartVersion: "1.4.0", ociDigest: DIGEST } };
  const report = (revision: string, outcome: "ready" | "failed", reason: string) =>
    observationFromFluxReport({ outcome, cluster: "aks-dev", objectKind: "HelmRelease", namespace: "orders", name: "orders", revision, reason, message: `Helm ${reason} with chart orders@${revision}`, reportedAt: "2026-03-01T10:06:00Z" });

  it("releases the wait at the promoted version and fails it on an upgrade failure there", async () => {
    expect(await decideReadiness(query, report("1.4.0", "ready", "UpgradeSucceeded"), deps)).toMatchObject({ status: "succeeded", value: { source: "flux-event" } });
    expect(await decideReadiness(query, report("1.3.2", "ready", "UpgradeSucceeded"), deps)).toMatchObject({ status: "running" });
    expect(await decideReadiness(query, report("1.4.0", "failed", "UpgradeFailed"), deps)).toMatchObject({ status: "failed" });
  });
});
