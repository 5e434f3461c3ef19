import { SourceControlConfigurationClient, type FluxConfiguration, type SourceControlConfigurationClientOptionalParams } from "@azure/arm-kubernetesconfiguration";
import type { TokenCredential } from "@azure/identity";
import type { Observation } from "../../observation.js";
import type { ReadinessSource } from "../../source.js";
import { describeTarget, type ReadinessTarget } from "../../target.js";
import { unavailableFromArm } from "./armErrors.js";
import { observeFluxConfiguration } from "./fluxConfigurationObservation.js";
import { locationPath, type ArmFluxLocation } from "./location.js";

export interface ArmSourceDeps {
  credential: TokenCredential;
  subscriptionId: string;
  /** Baton cluster name → where its Flux configuration lives. */
  clusters: ReadonlyMap<string, ArmFluxLocation>;
  now: () => Date;
  /** Older ARM status is reported as stale (protocols.md 4.1: the agent's cadence is not documented). */
  maxStatusAgeMs: number;
  /** SDK options (api version, retry, and in tests an httpClient to a loopback fake). */
  clientOptions?: SourceControlConfigurationClientOptionalParams;
}

/** AKS GitOps extension status through ARM fluxConfigurations (protocols.md 4). */
export function createArmSource(deps: ArmSourceDeps): ReadinessSource {
  const client = new SourceControlConfigurationClient(deps.credential, deps.subscriptionId, deps.clientOptions);
  return {
    async observe(target: ReadinessTarget): Promise<Observation> {
      if (target.kind === "Application") {
        // AKS GitOps status (fluxConfigurations) describes Flux objects only.
        return { kind: "unavailable", source: "arm", notFound: false, detail: `ARM fluxConfigurations cannot show Argo CD ${describeTarget(target)}: observe it through the Kubernetes API` };
      }
      const location = deps.clusters.get(target.cluster);
      if (!location) {
        const known = [...deps.clusters.keys()].join(", ") || "none";
        return { kind: "unavailable", source: "arm", notFound: false, detail: `no ARM fluxConfiguration configured for cluster ${target.cluster} (configured: ${known})` };
      }
      const resource = `/subscriptions/${deps.subscriptionId}/${locationPath(location)}`;
      let configuration: FluxConfiguration;
      try {
        configuration = await client.fluxConfigurations.get(
          location.resourceGroup,
          location.clusterRp ?? "Microsoft.ContainerService",
          location.clusterResourceName ?? "managedClusters",
          location.clusterName,
          location.fluxConfiguration,
        );
      } catch (error) {
        return unavailableFromArm(error, resource);
      }
      return observeFluxConfiguration(configuration, target, { now: deps.now(), maxStatusAgeMs: deps.maxStatusAgeMs });
    },
  };
}
