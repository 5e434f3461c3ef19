import { z } from "zod";
import type { FluxKind, ReconcileOutcome, WorkloadReconciled } from "../model.js";
import { Rejection } from "../http/rejection.js";
import { ignored, parseWith, type Ignored } from "./schema.js";

// json.Marshal(eventv1.Event) as the notification-controller posts it (protocols.md 3.1).
const fluxEvent = z.object({
  involvedObject: z.object({ kind: z.string().min(1), namespace: z.string().min(1), name: z.string().min(1) }),
  severity: z.string(),
  timestamp: z.string().min(1),
  message: z.string(),
  reason: z.string(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const kinds: Record<string, FluxKind> = { kustomization: "Kustomization", helmrelease: "HelmRelease" };

// Reasons that mean the object is running the revision. A HelmRelease rollback or uninstall
// "succeeds" by undoing the release, which for a promotion is a failure.
const readyReasons = new Set(["ReconciliationSucceeded", "InstallSucceeded", "UpgradeSucceeded", "TestSucceeded"]);
const failedReasons = new Set(["RollbackSucceeded", "UninstallSucceeded"]);

/**
 * A Flux event as a WorkloadReconciled, or why it is not one. `clusterHint` comes from the URL
 * the provider posts to; otherwise the Alert's `eventMetadata.cluster` names the cluster.
 */
export function parseFluxEvent(payload: unknown, clusterHint: string | undefined): WorkloadReconciled | Ignored {
  const event = parseWith(fluxEvent, payload, "Flux event");
  const objectKind = kinds[event.involvedObject.kind.toLowerCase()];
  if (!objectKind) return ignored(`Flux ${event.involvedObject.kind} events are not used by Baton`);
  const metadata = event.metadata ?? {};
  const revision = metadataValue(metadata, "revision");
  if (!revision) return ignored(`Flux event "${event.reason}" for ${event.involvedObject.name} carries no revision`);
  const cluster = clusterHint ?? metadataValue(metadata, "cluster");
  if (!cluster) {
    throw new Rejection(400, "cannot tell the cluster: post to /api/ingest/flux/<cluster> or set the Alert's eventMetadata.cluster");
  }
  return {
    kind: "workload.reconciled",
    cluster,
    objectKind,
    namespace: event.involvedObject.namespace,
    name: event.involvedObject.name,
    revision,
    outcome: outcomeOf(event.severity, event.reason),
    reason: event.reason,
    message: event.message,
    reportedAt: event.timestamp,
  };
}

/**
 * notification-controller >= 1.5 strips the `<group>/` prefix before forwarding; older ones send
 * `kustomize.toolkit.fluxcd.io/revision` and the like. Read both forms.
 */
function metadataValue(metadata: Record<string, string>, key: string): string | undefined {
  if (metadata[key]) return metadata[key];
  const prefixed = Object.keys(metadata).find((k) => k.endsWith(`.toolkit.fluxcd.io/${key}`));
  return prefixed ? metadata[prefixed] : undefined;
}

function outcomeOf(severity: string, reason: string): ReconcileOutcome {
  if (severity === "error" || failedReasons.has(reason) || reason.endsWith("Failed")) return "failed";
  return readyReasons.has(reason) ? "ready" : "progressing";
}
