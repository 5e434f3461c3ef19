/**
 * Where a Baton cluster's Flux configuration lives in ARM (protocols.md 4.1). Configuration, not
 * domain: built once at the edge from settings and injected.
 */
export interface ArmFluxLocation {
  resourceGroup: string;
  /** The AKS (or Arc) resource name. */
  clusterName: string;
  /** `Microsoft.ContainerService` for AKS (default), `Microsoft.Kubernetes` for Arc. */
  clusterRp?: string;
  /** `managedClusters` for AKS (default), `connectedClusters` for Arc. */
  clusterResourceName?: string;
  /** The fluxConfigurations resource; its Kustomizations are named `<this>-<key>` in the cluster. */
  fluxConfiguration: string;
}

export function locationPath(location: ArmFluxLocation): string {
  const rp = location.clusterRp ?? "Microsoft.ContainerService";
  const type = location.clusterResourceName ?? "managedClusters";
  return `resourceGroups/${location.resourceGroup}/providers/${rp}/${type}/${location.clusterName}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/${location.fluxConfiguration}`;
}
