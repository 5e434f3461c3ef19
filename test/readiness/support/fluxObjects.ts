/**
 * Flux objects in the shapes kustomize-controller and helm-controller write (protocols.md 3.5),
 * for the fake Kubernetes API. Defaults describe a healthy object; tests override what matters.
 */
import type { KubeObject } from "../../support/fakeKubernetes.js";

export interface ConditionInput {
  type?: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}

const at = "2026-03-01T10:05:12Z";

function condition(input: ConditionInput, observedGeneration: number): Record<string, unknown> {
  return { lastTransitionTime: at, message: input.message, observedGeneration, reason: input.reason, status: input.status, type: input.type ?? "Ready" };
}

export interface KustomizationInput {
  name?: string;
  namespace?: string;
  generation?: number;
  observedGeneration?: number;
  ready?: ConditionInput;
  lastAppliedRevision?: string;
  lastAttemptedRevision?: string;
  lastAppliedOriginRevision?: string;
  suspend?: boolean;
}

export function kustomization(input: KustomizationInput): KubeObject {
  const generation = input.generation ?? 3;
  const observedGeneration = input.observedGeneration ?? generation;
  const applied = input.lastAppliedRevision;
  const ready = input.ready ?? { status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: ${applied ?? ""}` };
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: {
      name: input.name ?? "apps",
      namespace: input.namespace ?? "flux-system",
      generation,
      uid: "7d0cdc51-1c3e-4c54-9a35-0c5f8f3ad7a2",
      resourceVersion: "123456",
      creationTimestamp: "2026-01-10T08:00:00Z",
      finalizers: ["finalizers.fluxcd.io"],
    },
    spec: {
      interval: "10m0s",
      path: "./apps/prod",
      prune: true,
      sourceRef: { kind: "GitRepository", name: "flux-system" },
      timeout: "5m0s",
      wait: true,
      ...(input.suspend !== undefined ? { suspend: input.suspend } : {}),
    },
    status: {
      conditions: [condition(ready, observedGeneration)],
      inventory: { entries: [{ id: "apps_orders-api_apps_Deployment", v: "v1" }] },
      lastHandledReconcileAt: "2026-03-01T10:04:59Z",
      ...(applied ? { lastAppliedRevision: applied } : {}),
      ...(input.lastAppliedOriginRevision ? { lastAppliedOriginRevision: input.lastAppliedOriginRevision } : {}),
      lastAttemptedRevision: input.lastAttemptedRevision ?? applied,
      observedGeneration,
    },
  };
}

export interface HelmReleaseInput {
  name?: string;
  namespace?: string;
  generation?: number;
  observedGeneration?: number;
  ready?: ConditionInput;
  chartVersion?: string;
  configDigest?: string;
  releaseStatus?: string;
  lastAttemptedRevision?: string;
  lastAttemptedConfigDigest?: string;
}

export function helmRelease(input: HelmReleaseInput): KubeObject {
  const name = input.name ?? "orders";
  const namespace = input.namespace ?? "apps";
  const generation = input.generation ?? 5;
  const observedGeneration = input.observedGeneration ?? generation;
  const chartVersion = input.chartVersion ?? "1.4.2";
  const configDigest = input.configDigest ?? "sha256:5b1f0c4e8a0c9d2f7c1e1b6d6a3e9f0b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
  const ready = input.ready ?? {
    status: "True",
    reason: "UpgradeSucceeded",
    message: `Helm upgrade succeeded for release ${namespace}/${name}.v4 with chart ${name}@${chartVersion}`,
  };
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name, namespace, generation, uid: "0f6b7a52-6f1b-4a43-8a43-3c1b0a6f6c11", resourceVersion: "654321", finalizers: ["finalizers.fluxcd.io"] },
    spec: {
      interval: "10m",
      chart: { spec: { chart: name, version: "1.4.x", sourceRef: { kind: "HelmRepository", name: "acme" }, reconcileStrategy: "ChartVersion" } },
      values: { image: { tag: "1.4.2" } },
    },
    status: {
      conditions: [
        condition(ready, observedGeneration),
        condition({ type: "Released", status: ready.status, reason: ready.reason, message: ready.message }, observedGeneration),
      ],
      helmChart: `flux-system/${namespace}-${name}`,
      history: [
        {
          appVersion: chartVersion,
          chartName: name,
          chartVersion,
          configDigest,
          digest: "sha256:0d4c5e0b1f7e6a5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d",
          firstDeployed: "2026-01-10T08:00:00Z",
          lastDeployed: at,
          name,
          namespace,
          status: input.releaseStatus ?? "deployed",
          version: 4,
        },
      ],
      lastAttemptedConfigDigest: input.lastAttemptedConfigDigest ?? configDigest,
      lastAttemptedGeneration: observedGeneration,
      lastAttemptedReleaseAction: "upgrade",
      lastAttemptedRevision: input.lastAttemptedRevision ?? chartVersion,
      observedGeneration,
      storageNamespace: namespace,
    },
  };
}
