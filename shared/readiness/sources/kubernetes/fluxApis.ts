import type { WorkloadKind } from "../../../ingest/model.js";

/**
 * Where each kind lives in the Kubernetes API: the GA Flux versions of protocols.md 3.5, and Argo
 * CD's Application (argoproj.io/v1alpha1 is its only served version).
 */
export interface ApiCoordinates {
  group: string;
  version: string;
  plural: string;
}

export const WORKLOAD_APIS: Record<WorkloadKind, ApiCoordinates> = {
  Kustomization: { group: "kustomize.toolkit.fluxcd.io", version: "v1", plural: "kustomizations" },
  HelmRelease: { group: "helm.toolkit.fluxcd.io", version: "v2", plural: "helmreleases" },
  Application: { group: "argoproj.io", version: "v1alpha1", plural: "applications" },
};

export function objectPath(kind: WorkloadKind, namespace: string, name: string): string {
  const api = WORKLOAD_APIS[kind];
  return `/apis/${api.group}/${api.version}/namespaces/${namespace}/${api.plural}/${name}`;
}
