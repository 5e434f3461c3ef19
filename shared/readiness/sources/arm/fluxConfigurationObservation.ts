import type { FluxConfiguration, ObjectStatusConditionDefinition, ObjectStatusDefinition } from "@azure/arm-kubernetesconfiguration";
import type { FluxCondition, Observation, Reported } from "../../observation.js";
import { describeTarget, type ReadinessTarget } from "../../target.js";
import { statusOf } from "../kubernetes/conditions.js";
import { appliedRevisionIn, chartVersionIn } from "./messageRevisions.js";

export interface FreshnessRule {
  now: Date;
  /** ARM status is pushed by the in-cluster agent and trails the cluster (protocols.md 4.1). */
  maxStatusAgeMs: number;
}

/** A fluxConfigurations resource (SDK model, `properties.*` flattened) as an observation of one object. */
export function observeFluxConfiguration(configuration: FluxConfiguration, target: ReadinessTarget, freshness: FreshnessRule): Observation {
  const entry = configuration.statuses?.find(
    (s): s is ObjectStatusDefinition => s?.kind === target.kind && s.name === target.name && (s.namespace ?? target.namespace) === target.namespace,
  );
  if (!entry) {
    const reported = (configuration.statuses ?? []).flatMap((s) => (s ? [`${s.kind ?? "?"} ${s.namespace ?? "?"}/${s.name ?? "?"}`] : []));
    return {
      kind: "unavailable",
      source: "arm",
      notFound: true,
      detail:
        `fluxConfiguration ${configuration.name ?? "?"} reports no status for ${describeTarget(target)} (it reports: ${reported.join(", ") || "nothing yet"}); ` +
        `the extension names Kustomizations <fluxConfigName>-<kustomizationKey>`,
    };
  }
  const ready = readyOf(entry.statusConditions);
  const base: Reported = {
    kind: "reported",
    source: "arm",
    reportedAt: (configuration.statusUpdatedAt ?? freshness.now).toISOString(),
    ready,
    suspended: configuration.suspend === true || configuration.complianceState === "Suspended" || entry.complianceState === "Suspended",
    stale: staleness(configuration.statusUpdatedAt, freshness),
  };
  if (target.kind === "HelmRelease") {
    const chartVersion = ready ? chartVersionIn(ready.message) : undefined;
    const snapshot = chartVersion ? { chartVersion } : {};
    return ready?.status === "True" ? { ...base, release: snapshot } : { ...base, attempted: snapshot };
  }
  return {
    ...base,
    appliedRevision: ready?.status === "True" ? appliedRevisionIn(ready.message) : undefined,
    attemptedRevision: attemptedRevision(configuration, ready),
  };
}

/**
 * ARM has no lastAttemptedRevision. kustomize-controller always tries the source's latest
 * artifact, so a failure that began after the source synced `sourceSyncedCommitId` is a failure
 * at that revision; an older failure proves nothing about it.
 */
function attemptedRevision(configuration: FluxConfiguration, ready: FluxCondition | undefined): string | undefined {
  if (ready?.status !== "False" || !ready.lastTransitionTime || !configuration.sourceSyncedCommitId || !configuration.sourceUpdatedAt) return undefined;
  return Date.parse(ready.lastTransitionTime) >= configuration.sourceUpdatedAt.getTime() ? configuration.sourceSyncedCommitId : undefined;
}

function readyOf(conditions: ObjectStatusConditionDefinition[] | undefined): FluxCondition | undefined {
  const found = conditions?.find((c) => c.type === "Ready");
  if (!found) return undefined;
  const condition: FluxCondition = { status: statusOf(found.status), reason: found.reason ?? "", message: found.message ?? "" };
  return found.lastTransitionTime ? { ...condition, lastTransitionTime: found.lastTransitionTime.toISOString() } : condition;
}

function staleness(statusUpdatedAt: Date | undefined, rule: FreshnessRule): string | undefined {
  if (!statusUpdatedAt) return "ARM has no statusUpdatedAt for this fluxConfiguration: the cluster's GitOps agent has not reported";
  const ageMs = rule.now.getTime() - statusUpdatedAt.getTime();
  if (ageMs <= rule.maxStatusAgeMs) return undefined;
  return `ARM status was last updated ${statusUpdatedAt.toISOString()}, over ${Math.round(rule.maxStatusAgeMs / 60_000)} min ago: the cluster's GitOps agent may not be reporting`;
}
