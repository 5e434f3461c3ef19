/**
 * Readiness of a chart promotion. A HelmRelease reports the chart version it runs (helm-controller
 * v2 `status.history[0].chartVersion`, `lastAttemptedRevision`, and the `revision` of its events),
 * never a git commit, so for a stage that moves the chart's version the promoted version is the
 * evidence. helm-controller appends the first 12 hex digits of the OCI digest as SemVer build
 * metadata when the chart comes from an OCIRepository (`6.6.0+0123456789ab`), which this accepts
 * only when those digits are the promoted digest's.
 */
import semver from "semver";
import type { ImagePublished } from "../ingest/model.js";
import type { FluxObjectRef, StageConfig } from "../pipelines/config/model.js";
import { chartVersionOfTag } from "../pipelines/chartVersion.js";
import type { ReleaseExpectation } from "./target.js";

/**
 * The release a HelmRelease of this stage must run, or undefined when the stage does not set the
 * release's chart version: an image promotion, or a Chart.yaml dependency edit (the release runs
 * the umbrella chart, whose own version does not change; wait for its Kustomization instead).
 */
export function chartReleaseExpectation(ref: { image: ImagePublished; stage: StageConfig; object: FluxObjectRef }): ReleaseExpectation | undefined {
  if (ref.image.artifact !== "chart" || ref.object.kind !== "HelmRelease") return undefined;
  const setsReleaseVersion = ref.stage.edits.some((e) => e.target.kind === "helm-release-chart" || e.target.kind === "oci-repository");
  if (!setsReleaseVersion) return undefined;
  return { chartVersion: chartVersionOfTag(ref.image.tag), ociDigest: ref.image.digest };
}

/** Whether the chart version a release reports is the expected one (exactly, or with the promoted digest appended). */
export function sameChartVersion(expected: ReleaseExpectation, reported: string | undefined): boolean {
  if (reported === undefined || expected.chartVersion === undefined) return false;
  if (reported === expected.chartVersion) return true;
  const got = semver.parse(reported);
  const want = semver.parse(expected.chartVersion);
  if (!got || !want) return false;
  // SetMetadata replaces any build metadata the chart had: compare the version without it.
  const plain = (v: semver.SemVer) => `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join(".")}` : ""}`;
  const build = got.build.join(".");
  if (plain(got) !== plain(want) || !/^[a-f0-9]{12}$/.test(build)) return false;
  // A version restored by a rollback may come without its digest (an OCIRepository pinned by tag
  // alone); a promoted chart always has one, and then only its own digits count.
  const hex = /^[a-z0-9]+:([a-f0-9]{12})/.exec(expected.ociDigest ?? "")?.[1];
  return expected.ociDigest ? build === hex : true;
}

/**
 * After a rollback, a chart stage's HelmRelease must run the version the stage ran before (what
 * the files said before the promotion's commit), not the promoted one. Undefined for an image
 * promotion, whose readiness is the rollback commit itself.
 */
export function restoredChartSubject(image: ImagePublished, previous: readonly { tag?: string; digest?: string }[]): ImagePublished | undefined {
  if (image.artifact !== "chart") return undefined;
  const before = previous.find((p) => p.tag !== undefined);
  if (!before?.tag) return undefined;
  return { ...image, tag: before.tag, digest: before.digest ?? "" };
}
