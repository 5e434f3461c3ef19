import type { ReconcileOutcome } from "../../ingest/model.js";
import type { ApplicationObject } from "./applicationSchema.js";

/** What an Application's status says about the revision it targets, in Baton's terms. */
export interface ApplicationState {
  outcome: ReconcileOutcome;
  /** The git revision the verdict is about; undefined when Argo CD names none yet. */
  revision?: string;
  /** `Healthy`, `SyncFailed`, `Degraded`, or `<sync>/<health>` while progressing. */
  reason: string;
  message: string;
  /** The revision the live state is synced to (only when sync status is `Synced`). */
  syncedRevision?: string;
}

// Operation phases that end a sync without applying it (Argo CD's OperationPhase values).
const failedPhases = new Set(["Failed", "Error"]);

/**
 * Ready means Synced and Healthy: the live state matches the target revision and every resource
 * reports healthy. Failed means the last sync operation failed, or the application is Degraded
 * while synced (so the degradation belongs to the synced revision, not to an older live state).
 * Anything else (OutOfSync, Progressing, Missing, a running operation) is still progressing.
 */
export function applicationState(app: ApplicationObject): ApplicationState {
  const status = app.status ?? {};
  const sync = status.sync ?? {};
  const health = status.health ?? {};
  const operation = status.operationState ?? undefined;
  const syncedRevision = sync.status === "Synced" ? firstRevision(sync.revision, sync.revisions) : undefined;

  if (syncedRevision && health.status === "Healthy") {
    return { outcome: "ready", revision: syncedRevision, reason: "Healthy", message: health.message ?? "", syncedRevision };
  }
  if (operation && failedPhases.has(operation.phase)) {
    const revision = firstRevision(operation.syncResult?.revision, operation.syncResult?.revisions) ?? operation.operation?.sync?.revision ?? sync.revision;
    return { outcome: "failed", revision, reason: "SyncFailed", message: operation.message ?? `sync operation ${operation.phase}`, syncedRevision };
  }
  if (syncedRevision && health.status === "Degraded") {
    return { outcome: "failed", revision: syncedRevision, reason: "Degraded", message: health.message ?? "", syncedRevision };
  }
  const progressing = `${sync.status ?? "Unknown"}/${health.status ?? "Unknown"}`;
  const running = operation?.phase === "Running" ? `; sync operation running: ${operation.message ?? ""}` : "";
  return { outcome: "progressing", revision: sync.revision, reason: progressing, message: `${health.message ?? ""}${running}`.trim(), syncedRevision };
}

/** Multi-source applications report `revisions`; the first one is the source Baton commits to. */
function firstRevision(revision: string | undefined, revisions: readonly string[] | null | undefined): string | undefined {
  return revision || revisions?.[0] || undefined;
}
