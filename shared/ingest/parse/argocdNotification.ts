import { z } from "zod";
import { applicationSchema } from "../../readiness/argocd/applicationSchema.js";
import { applicationState } from "../../readiness/argocd/applicationState.js";
import { Rejection } from "../http/rejection.js";
import type { WorkloadReconciled } from "../model.js";
import { ignored, parseWith, type Ignored } from "./schema.js";

/**
 * The body Baton's Argo CD notification template renders (docs/argocd.md): the Application's
 * name, namespace and the status fields readiness depends on, in the Application CRD's own shape.
 * argocd-notifications cannot sign a request, so the door authenticates a bearer token instead.
 */
const notification = z.object({
  cluster: z.string().min(1).optional(),
  app: applicationSchema.extend({ metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1) }) }),
});

export function parseArgocdNotification(payload: unknown, clusterHint: string | undefined, receivedAt: Date): WorkloadReconciled | Ignored {
  const body = parseWith(notification, payload, "Argo CD notification");
  const { name, namespace } = body.app.metadata;
  const cluster = clusterHint ?? body.cluster;
  if (!cluster) throw new Rejection(400, "cannot tell the cluster: post to /api/ingest/argocd/<cluster> or add \"cluster\" to the template's body");
  const state = applicationState(body.app);
  if (state.outcome === "progressing") return ignored(`Argo CD Application ${namespace}/${name} is ${state.reason}: neither ready nor failed`);
  if (!state.revision) return ignored(`Argo CD Application ${namespace}/${name} reports ${state.reason} without a revision`);
  const status = body.app.status;
  return {
    kind: "workload.reconciled",
    cluster,
    objectKind: "Application",
    namespace,
    name,
    revision: state.revision,
    outcome: state.outcome,
    reason: state.reason,
    message: state.message,
    // Only orders reports of one object; gate clocks never start from a sender's time.
    reportedAt: status?.reconciledAt ?? status?.operationState?.finishedAt ?? receivedAt.toISOString(),
  };
}
