/**
 * The verdict on a Flux (or Argo CD) report for a stage's readiness wait, shared by the
 * `judgeFluxReport` activity and the stage orchestrator. Most reports need no I/O to judge (the
 * reported revision IS the promoted commit, or a failure at it, or a HelmRelease's chart version):
 * the orchestrator judges those itself, so Flux Ready costs no activity before the stage moves
 * on, and asks the activity only when an ancestry question must go to git.
 */
import type { ActivityInput, ReadyEvidence } from "../../shared/durable/activityContracts.js";
import { chartReleaseExpectation } from "../../shared/readiness/chartRelease.js";
import { decideWithoutGit } from "../../shared/readiness/decideLocally.js";
import type { ReadyAt } from "../../shared/readiness/readyAt.js";
import { observationFromFluxReport } from "../../shared/readiness/sources/fluxEvent.js";
import type { ReadinessQuery } from "../../shared/readiness/target.js";
import type { StepResult } from "../../shared/steps/result.js";

/** How long a `running` verdict asks to wait before looking again. */
export const RECHECK_MS = 30_000;

type Judged = ActivityInput<"pollReadiness">;

export function readinessQuery(input: Judged): ReadinessQuery {
  // A chart promotion's HelmRelease is judged by the chart version it runs (shared/readiness/chartRelease.ts).
  const release = chartReleaseExpectation(input);
  return { target: input.object, promotedCommit: input.commit, ...(release ? { release } : {}) };
}

export function readyEvidence(input: Judged, ready: ReadyAt): ReadyEvidence {
  return { object: input.object, revision: ready.revision, readyAt: ready.reportedAt, via: ready.source };
}

export function asEvidence(input: Judged, result: StepResult<ReadyAt>): StepResult<ReadyEvidence> {
  return result.status === "succeeded" ? { status: "succeeded", value: readyEvidence(input, result.value) } : result;
}

/** The `judgeFluxReport` activity's verdict without its I/O, or undefined when only git can tell. */
export function judgeReportWithoutGit(input: ActivityInput<"judgeFluxReport">): StepResult<ReadyEvidence> | undefined {
  const result = decideWithoutGit(readinessQuery(input), observationFromFluxReport(input.report), RECHECK_MS);
  return result && asEvidence(input, result);
}
