/**
 * Builds the polling source a stage's `observe` configuration names (ARM, the Kubernetes API or
 * the Argo CD API server).
 * The ARM and Kubernetes clients are loaded on first use (`await import`), not when the app
 * starts: most stages are released by events and never poll (issue 13, cold start).
 */
import type { SourceControlConfigurationClientOptionalParams } from "@azure/arm-kubernetesconfiguration";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { SecretSource } from "../../shared/config/secrets.js";
import type { ObserveConfig } from "../../shared/pipelines/config/model.js";
import type { ReadinessSource } from "../../shared/readiness/source.js";
import type { ActivitySettings } from "./settings.js";

/**
 * `outbound` is the guarded fetch for URLs the pipelines file names (the Argo CD API server).
 * `arm` replaces the ARM credential and client options (a sovereign cloud; a loopback fake in tests).
 */
export function observers(
  settings: ActivitySettings,
  secrets: SecretSource,
  now: () => Date,
  outbound: typeof fetch,
  arm: { credential?: TokenCredential; clientOptions?: SourceControlConfigurationClientOptionalParams } = {},
): (config: ObserveConfig, clusters: string[]) => Promise<ReadinessSource> {
  let credential: TokenCredential | undefined = arm.credential;
  return async (config, clusters) => {
    if (config.kind === "argocd") {
      const { createArgoCdApiSource } = await import("../../shared/readiness/sources/argocdApi/argocdApiSource.js");
      return createArgoCdApiSource({
        url: config.url,
        tokenSecret: config.tokenSecret,
        token: () => secrets.get(config.tokenSecret),
        ...(config.project === undefined ? {} : { project: config.project }),
        fetch: outbound,
        now,
      });
    }
    if (config.kind === "arm") {
      const { createArmSource } = await import("../../shared/readiness/sources/arm/armSource.js");
      credential ??= new DefaultAzureCredential();
      const location = {
        resourceGroup: config.resourceGroup,
        clusterName: config.clusterName,
        clusterRp: config.clusterType === "connectedClusters" ? "Microsoft.Kubernetes" : "Microsoft.ContainerService",
        clusterResourceName: config.clusterType,
        fluxConfiguration: config.fluxConfiguration,
      };
      return createArmSource({
        credential,
        subscriptionId: config.subscriptionId,
        clusters: new Map(clusters.map((c) => [c, location])),
        now,
        maxStatusAgeMs: settings.armMaxStatusAgeMs,
        ...(arm.clientOptions ? { clientOptions: arm.clientOptions } : {}),
      });
    }
    const text = await secrets.get(config.kubeconfigSecret);
    if (!text) throw new Error(`secret ${config.kubeconfigSecret} (a kubeconfig) is not configured`);
    const [{ kubeConfigFromSecret }, { createKubernetesSource }] = await Promise.all([
      import("../../shared/readiness/sources/kubernetes/kubeconfigSecret.js"),
      import("../../shared/readiness/sources/kubernetes/kubernetesSource.js"),
    ]);
    const kubeConfig = kubeConfigFromSecret(config.kubeconfigSecret, text, config.context);
    return createKubernetesSource({ clusters: new Map(clusters.map((c) => [c, kubeConfig])), now });
  };
}
