/**
 * The parts of the end-to-end world a chart promotion needs: a GitOps repository with a Flux
 * HelmRelease, an OCIRepository and an umbrella chart's Chart.yaml and Chart.lock; pipelines whose
 * sources are charts in ACR; `helm push` as ACR announces it through Event Grid; helm-controller's
 * events for a HelmRelease.
 */
import { createHash, createHmac } from "node:crypto";
import type { TestHost } from "../../local/testing.js";
import { helmDependencyDigest } from "../../shared/gitops/chartLock.js";
import { FLUX_TOKEN, REGISTRY } from "./world.js";

export const EVENTGRID_KEY = "eg-e2e-key-0123456789abcdef";

export function helmReleaseFile(stage: string, version: string): string {
  return `# orders in ${stage}: Baton moves spec.chart.spec.version
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: acr-helm
  namespace: flux-system
spec:
  type: oci
  interval: 10m
  url: oci://${REGISTRY}/helm
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: orders
  namespace: orders
spec:
  interval: 10m
  chart:
    spec:
      chart: orders
      version: "${version}" # promoted by Baton
      sourceRef:
        kind: HelmRepository
        name: acr-helm
        namespace: flux-system
  values:
    replicaCount: 2
`;
}

export const OCI_REPOSITORY_FILE = `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: payments-chart
  namespace: flux-system
spec:
  interval: 5m
  layerSelector:
    mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
    operation: copy
  url: oci://${REGISTRY}/helm/payments
  ref:
    tag: 2.0.0
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: payments
  namespace: payments
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: payments-chart
    namespace: flux-system
`;

export const UMBRELLA_CHART = `apiVersion: v2
name: shop
description: The shop, its frontend and a cache
type: application
version: 0.3.0
dependencies:
  - name: frontend
    version: 1.0.0
    repository: oci://${REGISTRY}/helm
  - name: redis
    version: 19.6.4
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: redis.enabled
`;

/** An umbrella chart whose Chart.lock no longer matches it (frontend raised to 1.1.0 by hand). */
export const STALE_UMBRELLA = UMBRELLA_CHART.replace("name: shop", "name: store").replace("    version: 1.0.0\n", "    version: 1.1.0\n");

/** The Chart.lock `helm dependency update` writes for a Chart.yaml (the digest is Helm's). */
export function chartLockFor(chartYaml: string, frontend: string): string {
  const lock = (digest: string) => `dependencies:
- name: frontend
  repository: oci://${REGISTRY}/helm
  version: ${frontend}
- name: redis
  repository: oci://registry-1.docker.io/bitnamicharts
  version: 19.6.4
digest: ${digest}
generated: "2026-01-05T09:12:44.118210342Z"
`;
  return lock(helmDependencyDigest(chartYaml, lock("sha256:0"), "Chart.yaml", "Chart.lock"));
}

export function chartGitopsFiles(): Record<string, string> {
  return {
    "clusters/dev/orders.yaml": helmReleaseFile("dev", "1.0.0"),
    "clusters/prod/orders.yaml": helmReleaseFile("prod", "1.0.0"),
    "clusters/dev/payments.yaml": OCI_REPOSITORY_FILE,
    "charts/shop/Chart.yaml": UMBRELLA_CHART,
    "charts/shop/Chart.lock": chartLockFor(UMBRELLA_CHART, "1.0.0"),
    // Someone raised the dependency by hand and did not run helm dependency update.
    "charts/store/Chart.yaml": STALE_UMBRELLA,
    "charts/store/Chart.lock": chartLockFor(UMBRELLA_CHART, "1.0.0"),
  };
}

export const CHART_PIPELINES = `version: 1
defaults:
  git: { url: "{repoUrl}", branch: main, auth: { kind: none } }
  readiness: { timeout: 15m }
  onFailure: abort
pipelines:
  - name: orders-chart
    source:
      chart: ${REGISTRY}/helm/orders
      tags: { kind: semver, range: ">=1.0.0" }
    template:
      edits:
        - file: clusters/{stage}/orders.yaml
          target: { kind: helm-release-chart }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: HelmRelease, namespace: orders, name: orders }
      onFailure: rollback
    stages: [dev, prod]
  - name: payments-chart
    source: { chart: ${REGISTRY}/helm/payments }
    stages:
      - name: dev
        edits:
          - file: clusters/dev/payments.yaml
            target: { kind: oci-repository }
        readiness:
          objects:
            - { cluster: aks-dev, kind: HelmRelease, namespace: payments, name: payments }
  - name: shop-frontend
    source: { chart: ${REGISTRY}/helm/frontend }
    stages:
      - name: dev
        edits:
          - file: charts/shop/Chart.yaml
            target: { kind: chart-dependency }
        readiness:
          objects:
            - { cluster: aks-dev, kind: Kustomization, namespace: flux-system, name: shop }
  - name: store-frontend
    source: { chart: ${REGISTRY}/helm/frontend }
    stages:
      - name: dev
        edits:
          - file: charts/store/Chart.yaml
            target: { kind: chart-dependency }
        readiness:
          objects:
            - { cluster: aks-dev, kind: Kustomization, namespace: flux-system, name: store }
`;

/**
 * \`helm push orders-1.4.0.tgz oci://myacr.azurecr.io/helm\` as ACR announces it: an ImagePushed
 * event (Event Grid schema) whose target is an OCI image manifest; the chart's config media type
 * is not in the event. Sent to Baton's Event Grid webhook door with its key header.
 */
export async function helmPush(host: TestHost, chart: string, tag: string, digest: string, options: { mediaType?: string; at?: string } = {}): Promise<Response> {
  const at = options.at ?? new Date(host.clock.now()).toISOString();
  const repository = `helm/${chart}`;
  const event = {
    id: `evt-${chart}-${tag}-${digest.slice(-8)}`,
    topic: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
    subject: `${repository}:${tag}`,
    eventType: "Microsoft.ContainerRegistry.ImagePushed",
    eventTime: at,
    dataVersion: "1.0",
    metadataVersion: "1",
    data: {
      id: `push-${chart}-${tag}`,
      timestamp: at,
      action: "push",
      location: "westeurope",
      target: { mediaType: options.mediaType ?? "application/vnd.oci.image.manifest.v1+json", size: 742, length: 742, digest, repository, tag },
      request: { id: `req-${chart}-${tag}`, host: REGISTRY, method: "PUT", useragent: "Helm/3.16.3" },
      actor: { name: "ci-pipeline" },
    },
  };
  return host.fetch("/api/ingest/eventgrid", {
    method: "POST",
    headers: { "content-type": "application/json", "aeg-event-type": "Notification", "x-baton-key": EVENTGRID_KEY },
    body: JSON.stringify([event]),
  });
}

/**
 * helm-controller's event for a HelmRelease, as notification-controller forwards it to a
 * generic-hmac provider: `revision` is the chart version the release runs (with the OCI digest's
 * first 12 hex digits appended for an OCIRepository chart), `oci-digest` the artifact's digest.
 */
export async function helmReleaseReports(
  host: TestHost,
  cluster: string,
  release: { namespace: string; name: string },
  chartVersion: string,
  outcome: "ready" | "failed" = "ready",
  ociDigest?: string,
): Promise<Response> {
  const ready = outcome === "ready";
  const body = JSON.stringify({
    involvedObject: { kind: "HelmRelease", namespace: release.namespace, name: release.name, uid: uidOf(cluster, release.name), apiVersion: "helm.toolkit.fluxcd.io/v2", resourceVersion: "4242" },
    severity: ready ? "info" : "error",
    timestamp: new Date(host.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: ready
      ? `Helm upgrade succeeded for release ${release.namespace}/${release.name}.v3 with chart ${release.name}@${chartVersion}`
      : `Helm upgrade failed for release ${release.namespace}/${release.name} with chart ${release.name}@${chartVersion}: context deadline exceeded`,
    reason: ready ? "UpgradeSucceeded" : "UpgradeFailed",
    metadata: { revision: chartVersion, token: "sha256:5d3c7bd3a0a9b5f8e3b1c6d1f0d4a0f7e0c2b9a8d7c6b5a4f3e2d1c0b9a8f7e6", ...(ociDigest ? { "oci-digest": ociDigest } : {}) },
    reportingController: "helm-controller",
    reportingInstance: "helm-controller-5f7f9d8b7c-2xk4p",
  });
  const signature = `sha256=${createHmac("sha256", FLUX_TOKEN).update(body).digest("hex")}`;
  return host.fetch(`/api/ingest/flux/${cluster}`, {
    method: "POST",
    headers: { "content-type": "application/json", "gotk-component": "helm-controller", "x-signature": signature },
    body,
  });
}

/** kustomize-controller reports a Kustomization Ready at a git revision. */
export async function kustomizationReports(host: TestHost, cluster: string, name: string, revision: string): Promise<Response> {
  const body = JSON.stringify({
    involvedObject: { kind: "Kustomization", namespace: "flux-system", name, uid: uidOf(cluster, name), apiVersion: "kustomize.toolkit.fluxcd.io/v1", resourceVersion: "77" },
    severity: "info",
    timestamp: new Date(host.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: "Reconciliation finished in 1.12s, next run in 10m0s",
    reason: "ReconciliationSucceeded",
    metadata: { revision },
    reportingController: "kustomize-controller",
    reportingInstance: "kustomize-controller-7c7b47f5f-8bhrp",
  });
  const signature = `sha256=${createHmac("sha256", FLUX_TOKEN).update(body).digest("hex")}`;
  return host.fetch(`/api/ingest/flux/${cluster}`, {
    method: "POST",
    headers: { "content-type": "application/json", "gotk-component": "kustomize-controller", "x-signature": signature },
    body,
  });
}

/** Kubernetes object uids differ per cluster, so two clusters never send byte-identical events. */
function uidOf(cluster: string, name: string): string {
  const hex = createHash("sha256").update(`${cluster}/${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
