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
import { chartVersionOfTag } from "../pipelines/chartPush.js";
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
  const hex = /^[a-z0-9]+:([a-f0-9]{12})/.exec(expected.ociDigest ?? "")?.[1];
  if (!got || !want || !hex) return false;
  // SetMetadata replaces any build metadata the chart had: compare the version without it.
  const plain = (v: semver.SemVer) => `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join(".")}` : ""}`;
  return plain(got) === plain(want) && got.build.join(".") === hex;
}
