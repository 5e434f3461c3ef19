import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import type { z } from "zod";
import type { Observation } from "../../observation.js";
import type { ReadinessSource } from "../../source.js";
import type { ReadinessTarget } from "../../target.js";
import { unavailableFrom } from "./apiErrors.js";
import { applicationSchema } from "../../argocd/applicationSchema.js";
import { applicationState } from "../../argocd/applicationState.js";
import { observeApplication } from "../../argocd/observeApplication.js";
import { WORKLOAD_APIS, objectPath } from "./fluxApis.js";
import { helmReleaseSchema, observeHelmRelease } from "./helmReleaseObservation.js";
import { kustomizationSchema, observeKustomization } from "./kustomizationObservation.js";

const REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";

export interface KubernetesSourceDeps {
  /** One built KubeConfig per Baton cluster name (from a kubeconfig file or in-cluster: configuration). */
  clusters: ReadonlyMap<string, KubeConfig>;
  now: () => Date;
}

/** Reads Flux objects straight from each cluster's API server (protocols.md 3.5). */
export function createKubernetesSource(deps: KubernetesSourceDeps): ReadinessSource {
  const apis = new Map<string, CustomObjectsApi>();
  const apiFor = (cluster: string): CustomObjectsApi | string => {
    const config = deps.clusters.get(cluster);
    if (!config) return `no Kubernetes API configured for cluster ${cluster} (configured: ${[...deps.clusters.keys()].join(", ") || "none"})`;
    try {
      const api = apis.get(cluster) ?? config.makeApiClient(CustomObjectsApi);
      apis.set(cluster, api);
      return api;
    } catch (error) {
      // The client validates the kubeconfig lazily, here ("No active cluster!").
      return `the kubeconfig for cluster ${cluster} is unusable: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  return {
    async refresh(target: ReadinessTarget) {
      if (target.kind !== "Application") return { ok: false, detail: `${target.kind} has no refresh through the Kubernetes API` };
      const api = apiFor(target.cluster);
      if (typeof api === "string") return { ok: false, detail: api };
      const coordinates = WORKLOAD_APIS[target.kind];
      try {
        // What `argocd app get --refresh` does: the application controller refreshes and drops the annotation.
        await api.patchNamespacedCustomObject(
          { ...coordinates, namespace: target.namespace, name: target.name, body: { metadata: { annotations: { [REFRESH_ANNOTATION]: "normal" } } } },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        );
        return { ok: true, detail: `asked Argo CD to refresh ${objectPath(target.kind, target.namespace, target.name)}` };
      } catch (error) {
        const code = error instanceof ApiException ? ` (HTTP ${error.code}; the identity needs patch on applications.argoproj.io)` : "";
        return { ok: false, detail: `PATCH ${objectPath(target.kind, target.namespace, target.name)} on cluster ${target.cluster} failed${code}` };
      }
    },
    async observe(target: ReadinessTarget): Promise<Observation> {
      const api = apiFor(target.cluster);
      if (typeof api === "string") return { kind: "unavailable", source: "kubernetes", notFound: false, detail: api };
      const coordinates = WORKLOAD_APIS[target.kind];
      const request = {
        cluster: target.cluster,
        path: objectPath(target.kind, target.namespace, target.name),
        resource: `${coordinates.plural}.${coordinates.group}/${coordinates.version}`,
        namespace: target.namespace,
      };
      let body: unknown;
      try {
        body = await api.getNamespacedCustomObject({ ...coordinates, namespace: target.namespace, name: target.name });
      } catch (error) {
        return unavailableFrom(error, request);
      }
      const reportedAt = deps.now().toISOString();
      switch (target.kind) {
        case "Kustomization":
          return parsed(kustomizationSchema, body, request.path, (object) => observeKustomization(object, reportedAt));
        case "HelmRelease":
          return parsed(helmReleaseSchema, body, request.path, (object) => observeHelmRelease(object, reportedAt));
        case "Application":
          return parsed(applicationSchema, body, request.path, (object) => observeApplication(applicationState(object), "kubernetes", reportedAt));
      }
    },
  };
}

function parsed<S extends z.ZodType>(schema: S, body: unknown, path: string, observe: (object: z.infer<S>) => Observation): Observation {
  const result = schema.safeParse(body);
  if (result.success) return observe(result.data);
  const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
  return { kind: "unavailable", source: "kubernetes", notFound: false, detail: `${path} is not the object Baton expects (${issues})` };
}
