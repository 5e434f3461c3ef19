import { EVENT, type FluxReportPayload } from "../../durable/events.js";
import type { FluxReport } from "../../store/ports.js";
import { observeApplication } from "../argocd/observeApplication.js";
import type { Reported } from "../observation.js";

/**
 * A Flux event, as ingestion routed it (`flux.ready` / `flux.failed`, protocols.md 3.1), as an
 * observation. Events carry no generation, so the report is taken as current. A Kustomization
 * event's revision is the source revision; a HelmRelease event's is the chart version.
 */
export function observationFromFluxReport(report: FluxReport): Reported {
  const ready = report.outcome === "ready";
  if (report.objectKind === "Application") {
    // Degraded is a verdict on the revision the application is synced to (applicationState).
    const synced = ready || report.reason === "Degraded" ? report.revision : undefined;
    return observeApplication(
      { outcome: report.outcome, revision: report.revision, reason: report.reason, message: report.message, syncedRevision: synced },
      "argocd-notification",
      report.reportedAt,
    );
  }
  const base: Reported = {
    kind: "reported",
    source: "flux-event",
    reportedAt: report.reportedAt,
    ready: { status: ready ? "True" : "False", reason: report.reason, message: report.message },
  };
  if (report.objectKind === "HelmRelease") {
    const snapshot = { chartVersion: report.revision };
    return ready ? { ...base, release: snapshot } : { ...base, attempted: snapshot };
  }
  return ready ? { ...base, appliedRevision: report.revision } : { ...base, attemptedRevision: report.revision };
}

/** The same mapping for an external event as the orchestrator receives it. */
export function observationFromFluxEvent(event: typeof EVENT.fluxReady | typeof EVENT.fluxFailed, payload: FluxReportPayload): Reported {
  return observationFromFluxReport({ ...payload, outcome: event === EVENT.fluxReady ? "ready" : "failed" });
}
