/**
 * Argo CD Applications in the shape the application controller writes, checked against Argo CD's
 * published Application CRD schema (test/fixtures/argocd/applicationCrdSchema.json, copied from
 * argoproj/argo-cd manifests/crds/application-crd.yaml) so the fakes cannot drift from the contract.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { KubeObject } from "./fakeKubernetes.js";

const crd = JSON.parse(readFileSync(new URL("../fixtures/argocd/applicationCrdSchema.json", import.meta.url), "utf8")) as { openAPIV3Schema: object };
// ajv-formats is CommonJS whose default export TypeScript sees one level down under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int64", true).addFormat("int32", true);
const validate = ajv.compile(crd.openAPIV3Schema);

export function assertApplication(object: unknown): void {
  if (!validate(object)) throw new Error(`not an Application the CRD accepts: ${ajv.errorsText(validate.errors)}`);
}

export interface ApplicationInput {
  name: string;
  namespace?: string;
  sync?: "Synced" | "OutOfSync" | "Unknown";
  revision?: string;
  health?: "Healthy" | "Progressing" | "Degraded" | "Suspended" | "Missing" | "Unknown";
  healthMessage?: string;
  /** The last sync operation. */
  operation?: { phase: "Running" | "Succeeded" | "Failed" | "Error" | "Terminating"; message: string; revision?: string };
  reconciledAt?: string;
}

export function application(input: ApplicationInput): KubeObject {
  const revision = input.revision;
  const object: KubeObject = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: input.name, namespace: input.namespace ?? "argocd", generation: 7, resourceVersion: "4711" },
    spec: {
      project: "default",
      source: { repoURL: "https://github.com/acme/gitops.git", targetRevision: "main", path: `apps/${input.name}` },
      destination: { server: "https://kubernetes.default.svc", namespace: "orders" },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      sync: { status: input.sync ?? "Synced", revision, comparedTo: { source: { repoURL: "https://github.com/acme/gitops.git", targetRevision: "main", path: `apps/${input.name}` }, destination: { server: "https://kubernetes.default.svc", namespace: "orders" } } },
      health: { status: input.health ?? "Healthy", ...(input.healthMessage ? { message: input.healthMessage } : {}), lastTransitionTime: "2026-03-01T10:05:12Z" },
      reconciledAt: input.reconciledAt ?? "2026-03-01T10:05:12Z",
      sourceType: "Kustomize",
      ...(input.operation
        ? {
            operationState: {
              operation: { sync: { revision: input.operation.revision ?? revision }, initiatedBy: { automated: true } },
              phase: input.operation.phase,
              message: input.operation.message,
              startedAt: "2026-03-01T10:04:00Z",
              ...(input.operation.phase === "Running" ? {} : { finishedAt: "2026-03-01T10:05:00Z" }),
              syncResult: { revision: input.operation.revision ?? revision, resources: [] },
            },
          }
        : {}),
    },
  };
  assertApplication(object);
  return object;
}

/**
 * The body Baton's documented notification template renders for this Application
 * (docs/argocd.md): metadata name and namespace, and status reconciledAt, sync, health and
 * operationState, each through `toJson` (so absent fields arrive as null).
 */
export function notificationBody(app: KubeObject, cluster?: string): string {
  const status = (app["status"] ?? {}) as Record<string, unknown>;
  const body = {
    ...(cluster ? { cluster } : {}),
    app: {
      metadata: { name: app.metadata.name, namespace: app.metadata.namespace },
      status: { reconciledAt: status["reconciledAt"] ?? null, sync: status["sync"] ?? null, health: status["health"] ?? null, operationState: status["operationState"] ?? null },
    },
  };
  return JSON.stringify(body);
}
