/**
 * What each cluster needs so Flux and Baton talk: per namespace holding a pipeline's
 * Kustomizations or HelmReleases, a `generic-hmac` Provider pointing at Baton's Flux door for that
 * cluster, its Secret (the HMAC token) and an Alert for exactly those objects; and, where a stage
 * names a Receiver, the Receiver Baton calls after a commit. Provider and Alert live beside the
 * objects, so no cross-namespace reference is needed (Flux's --no-cross-namespace-refs).
 * Manifests follow the notification-controller CRDs (v1.9: Provider and Alert v1beta3, Receiver v1).
 */
import { createHash } from "node:crypto";
import { vaultSecretName } from "../config/keyVaultSecrets.js";
import type { PipelineConfig } from "../pipelines/config/load.js";
import type { FluxObjectRef } from "../pipelines/config/model.js";

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels?: Record<string, string> } } & Record<string, unknown>;

export interface ClusterSetupOptions {
  /** Baton's base URL, e.g. https://func-baton-abc.azurewebsites.net */
  batonUrl: string;
  /** The Flux webhook token (Key Vault flux-webhook-token); a placeholder when not given. */
  fluxToken?: string;
  /** Receiver tokens by the secret name the pipelines file gives (receiver.tokenSecret). */
  receiverTokens?: Record<string, string | undefined>;
  /** Where Receivers live and the source they reconcile, `namespace/name` of a GitRepository. */
  receiverNamespace?: string;
  gitSource?: string;
}

export interface ReceiverInfo {
  pipeline: string;
  stage: string;
  /** receiver.url from the pipelines file. */
  configuredUrl: string;
  /** `/hook/<sha256(token+name+namespace)>`, when the token is known. */
  webhookPath?: string;
  /** Whether configuredUrl ends with webhookPath (undefined when the token is unknown). */
  matches?: boolean;
}

export interface ClusterSetup {
  cluster: string;
  /** Baton's Flux address for this cluster. */
  address: string;
  manifests: Manifest[];
  receivers: ReceiverInfo[];
}

export const PROVIDER_NAME = "baton";
export const SECRET_NAME = "baton-webhook";
export const RECEIVER_NAME = "baton";
export const RECEIVER_SECRET_NAME = "baton-receiver";
const LABELS = { "app.kubernetes.io/managed-by": "baton-setup" };
const TOKEN_PLACEHOLDER = "REPLACE: az keyvault secret show --vault-name <vault> -n flux-webhook-token --query value -o tsv";

/** Flux's webhook path for a Receiver (notification-controller api/v1 Receiver.GetWebhookPath). */
export function receiverWebhookPath(token: string, name: string, namespace: string): string {
  return `/hook/${createHash("sha256").update(token + name + namespace).digest("hex")}`;
}

export function clusterSetups(config: PipelineConfig, options: ClusterSetupOptions): ClusterSetup[] {
  const base = options.batonUrl.replace(/\/+$/, "");
  const objects = new Map<string, Map<string, FluxObjectRef[]>>();
  const receivers = new Map<string, { pipeline: string; stage: string; url: string; tokenSecret: string }[]>();
  for (const pipeline of config.pipelines) {
    for (const stage of pipeline.stages) {
      const clusters = new Set<string>();
      // Argo CD Applications report through argocd-notifications (docs/argocd.md), not Flux Alerts.
      for (const object of stage.readiness.objects.filter((o) => o.kind !== "Application")) {
        clusters.add(object.cluster);
        const byNamespace = objects.get(object.cluster) ?? new Map<string, FluxObjectRef[]>();
        const list = byNamespace.get(object.namespace) ?? [];
        if (!list.some((o) => o.kind === object.kind && o.name === object.name)) list.push(object);
        byNamespace.set(object.namespace, list);
        objects.set(object.cluster, byNamespace);
      }
      const receiver = stage.readiness.receiver;
      if (receiver) for (const cluster of clusters) receivers.set(cluster, [...(receivers.get(cluster) ?? []), { pipeline: pipeline.name, stage: stage.name, ...receiver }]);
    }
  }

  const [sourceNamespace, sourceName] = (options.gitSource ?? "flux-system/flux-system").split("/");
  const receiverNamespace = options.receiverNamespace ?? "flux-system";
  return [...objects.keys()].sort().map((cluster) => {
    const address = `${base}/api/ingest/flux/${encodeURIComponent(cluster)}`;
    const manifests: Manifest[] = [];
    for (const [namespace, refs] of [...(objects.get(cluster) ?? new Map<string, FluxObjectRef[]>())].sort(([a], [b]) => a.localeCompare(b))) {
      manifests.push(
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: SECRET_NAME, namespace, labels: LABELS },
          type: "Opaque",
          // generic-hmac signs each event body with this token (X-Signature: sha256=...).
          stringData: { token: options.fluxToken ?? TOKEN_PLACEHOLDER },
        },
        {
          apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
          kind: "Provider",
          metadata: { name: PROVIDER_NAME, namespace, labels: LABELS },
          spec: { type: "generic-hmac", address, secretRef: { name: SECRET_NAME } },
        },
        {
          apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
          kind: "Alert",
          metadata: { name: PROVIDER_NAME, namespace, labels: LABELS },
          spec: {
            providerRef: { name: PROVIDER_NAME },
            // info includes error: Baton needs both Ready and failed reconciles.
            eventSeverity: "info",
            eventSources: [...refs].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`)).map((o) => ({ kind: o.kind, name: o.name })),
          },
        },
      );
    }
    const stageReceivers = receivers.get(cluster) ?? [];
    const info: ReceiverInfo[] = [];
    if (stageReceivers.length > 0) {
      const tokenSecrets = [...new Set(stageReceivers.map((r) => r.tokenSecret))];
      const token = options.receiverTokens?.[tokenSecrets[0] ?? ""];
      manifests.push(
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: RECEIVER_SECRET_NAME, namespace: receiverNamespace, labels: LABELS },
          type: "Opaque",
          stringData: { token: token ?? `REPLACE: the value of the secret ${tokenSecrets[0] ?? ""} Baton reads (Key Vault ${vaultSecretName(tokenSecrets[0] ?? "")})` },
        },
        {
          apiVersion: "notification.toolkit.fluxcd.io/v1",
          kind: "Receiver",
          metadata: { name: RECEIVER_NAME, namespace: receiverNamespace, labels: LABELS },
          spec: {
            type: "generic-hmac",
            secretRef: { name: RECEIVER_SECRET_NAME },
            // The source fetches the new commit; the Kustomizations and HelmReleases then apply it.
            resources: [{ kind: "GitRepository", name: sourceName ?? "flux-system", namespace: sourceNamespace ?? "flux-system" }],
          },
        },
      );
      for (const r of stageReceivers) {
        const path = token ? receiverWebhookPath(token, RECEIVER_NAME, receiverNamespace) : undefined;
        info.push({ pipeline: r.pipeline, stage: r.stage, configuredUrl: r.url, ...(path ? { webhookPath: path, matches: r.url.endsWith(path) } : {}) });
      }
    }
    return { cluster, address, manifests, receivers: info };
  });
}
