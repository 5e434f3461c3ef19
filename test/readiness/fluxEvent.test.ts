import { describe, expect, it } from "vitest";
import { EVENT, type FluxReportPayload } from "../../shared/durable/events.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import { observationFromFluxEvent } from "../../shared/readiness/sources/fluxEvent.js";
import { createFluxReportSource } from "../../shared/readiness/sources/fluxReportSource.js";
import type { FluxReport, FluxRevisionStore } from "../../shared/store/ports.js";
import { linearHistory, sha } from "./support/fakeAncestry.js";

const OLD = sha("1");
const PROMOTED = sha("2");
const deps = { ancestry: linearHistory(OLD, PROMOTED), retryAfterMs: 30_000 };

// The payload ingestion raises for the protocols.md 3.1 example event.
const succeededEvent: FluxReportPayload = {
  cluster: "aks-weu-1",
  objectKind: "Kustomization",
  namespace: "flux-system",
  name: "apps-prod",
  revision: `main@sha1:${PROMOTED}`,
  reason: "ReconciliationSucceeded",
  message: "Reconciliation finished in 2.31s, next run in 10m0s",
  reportedAt: "2026-03-01T10:05:12Z",
};
const query = { target: { cluster: "aks-weu-1", kind: "Kustomization" as const, namespace: "flux-system", name: "apps-prod" }, promotedCommit: PROMOTED };

describe("observations from Flux events", () => {
  it("maps flux.ready to Ready at the event's revision", async () => {
    const observation = observationFromFluxEvent(EVENT.fluxReady, succeededEvent);
    expect(observation).toEqual({
      kind: "reported",
      source: "flux-event",
      reportedAt: "2026-03-01T10:05:12Z",
      ready: { status: "True", reason: "ReconciliationSucceeded", message: "Reconciliation finished in 2.31s, next run in 10m0s" },
      appliedRevision: `main@sha1:${PROMOTED}`,
    });
    expect(await decideReadiness(query, observation, deps)).toMatchObject({ status: "succeeded", value: { source: "flux-event", match: "promoted" } });
  });

  it("maps flux.failed to a failed attempt at the event's revision, keeping Flux's words", async () => {
    const failure = { ...succeededEvent, reason: "ReconciliationFailed", message: "Deployment/apps/orders-api dry-run failed: spec.replicas: Invalid value: -1" };
    expect(await decideReadiness(query, observationFromFluxEvent(EVENT.fluxFailed, failure), deps)).toEqual({
      status: "failed",
      reason: `Flux failed to reconcile Kustomization flux-system/apps-prod on aks-weu-1 at main@sha1:${PROMOTED}: ReconciliationFailed: Deployment/apps/orders-api dry-run failed: spec.replicas: Invalid value: -1`,
    });
    const olderFailure = { ...failure, revision: `main@sha1:${OLD}` };
    expect(await decideReadiness(query, observationFromFluxEvent(EVENT.fluxFailed, olderFailure), deps)).toMatchObject({ status: "running" });
  });

  it("maps a HelmRelease event's revision to the chart version", () => {
    const helm = { ...succeededEvent, objectKind: "HelmRelease" as const, revision: "1.4.2", reason: "UpgradeSucceeded" };
    expect(observationFromFluxEvent(EVENT.fluxReady, helm)).toMatchObject({ release: { chartVersion: "1.4.2" } });
    expect(observationFromFluxEvent(EVENT.fluxFailed, { ...helm, reason: "UpgradeFailed" })).toMatchObject({ attempted: { chartVersion: "1.4.2" } });
  });

  it("reads the last routed report from the store, or says no event has arrived", async () => {
    const reports = new Map<string, FluxReport>();
    const store: FluxRevisionStore = {
      record(key, report) {
        reports.set(key, report);
        return Promise.resolve("recorded");
      },
      last: (key) => Promise.resolve(reports.get(key)),
    };
    const source = createFluxReportSource(store);
    const none = await source.observe(query.target);
    expect(none).toMatchObject({ kind: "unavailable", source: "flux-event", notFound: true });
    expect(none.kind === "unavailable" && none.detail).toContain("check that an Alert routes its events to Baton");

    await store.record("flux:aks-weu-1/Kustomization/flux-system/apps-prod", { ...succeededEvent, outcome: "ready" });
    expect(await source.observe(query.target)).toMatchObject({ kind: "reported", appliedRevision: `main@sha1:${PROMOTED}` });
  });
});
