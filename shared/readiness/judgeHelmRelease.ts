import { errored, failed, running, succeeded, type StepResult } from "../steps/result.js";
import { sameChartVersion } from "./chartRelease.js";
import { isFailureReason } from "./failureReasons.js";
import type { ReleaseSnapshot, Reported } from "./observation.js";
import type { ReadyAt } from "./readyAt.js";
import { describeTarget, type ReadinessQuery, type ReleaseExpectation } from "./target.js";
import { generationLag, waitingDetail } from "./waitingDetail.js";

/**
 * HelmRelease rules of protocols.md 3.5. helm-controller v2 has no lastAppliedRevision, so the
 * evidence is the current generation being Ready with `history[0]` deployed at the expected chart
 * version and values digest; a failure counts when the last attempt was at that expectation.
 */
export function judgeHelmRelease(query: ReadinessQuery, observation: Reported, retryAfterMs: number): StepResult<ReadyAt> {
  const what = describeTarget(query.target);
  const lag = generationLag(observation);
  if (lag) return running(retryAfterMs, `${what}: ${lag}`);

  const expected = query.release ?? {};
  if (expected.chartVersion === undefined && expected.configDigest === undefined && observation.generation === undefined) {
    // Nothing then ties the report to the spec carrying our change: an event or ARM status may
    // describe the reconcile before it. Only observedGeneration (Kubernetes API) can.
    return running(retryAfterMs, `${what}: no chart version or values digest to expect, so only the Kubernetes API can prove which spec this reports; ${waitingDetail(observation)}`);
  }
  const ready = observation.ready;
  if (ready?.status === "True") {
    const release = observation.release;
    const mismatch = release?.status && release.status !== "deployed" ? `release status is ${release.status}` : mismatchOf(expected, release);
    if (!mismatch) {
      return succeeded({
        revision: release?.chartVersion ?? "current generation",
        match: "release",
        source: observation.source,
        reportedAt: observation.reportedAt,
      });
    }
    return running(retryAfterMs, `${what}: Ready, but ${mismatch}; ${waitingDetail(observation)}`);
  }
  if (ready?.status === "False" && isFailureReason(ready.reason) && !mismatchOf(expected, observation.attempted)) {
    const at = observation.attempted?.chartVersion ? ` at chart ${observation.attempted.chartVersion}` : "";
    return failed(`Flux failed to reconcile ${what}${at}: ${ready.reason}: ${ready.message}`);
  }
  if (observation.stale) return errored(`${what}: ${observation.stale}; last seen ${waitingDetail(observation)}`);
  return running(retryAfterMs, `${what}: ${waitingDetail(observation)}`);
}

/** Why a snapshot is not the expected one, or undefined when it is (no expectation matches all). */
function mismatchOf(expected: ReleaseExpectation, snapshot: ReleaseSnapshot | undefined): string | undefined {
  if (expected.chartVersion !== undefined && !sameChartVersion(expected, snapshot?.chartVersion)) {
    return `chart version is ${snapshot?.chartVersion ?? "not reported"}, expected ${expected.chartVersion}`;
  }
  if (expected.configDigest !== undefined && snapshot?.configDigest !== expected.configDigest) {
    return `values digest is ${snapshot?.configDigest ?? "not reported"}, expected ${expected.configDigest}`;
  }
  return undefined;
}
