import type { FluxKind } from "../../../ingest/model.js";

/** Where each Flux kind lives in the Kubernetes API (the GA versions of protocols.md 3.5). */
export interface ApiCoordinates {
  group: string;
  version: string;
  plural: string;
}

export const FLUX_APIS: Record<FluxKind, ApiCoordinates> = {
  Kustomization: { group: "kustomize.toolkit.fluxcd.io", version: "v1", plural: "kustomizations" },
  HelmRelease: { group: "helm.toolkit.fluxcd.io", version: "v2", plural: "helmreleases" },
};

export function objectPath(kind: FluxKind, namespace: string, name: string): string {
  const api = FLUX_APIS[kind];
  return `/apis/${api.group}/${api.version}/namespaces/${namespace}/${api.plural}/${name}`;
}
