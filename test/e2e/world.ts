/**
 * The world an end-to-end promotion runs in: Baton itself in the local runtime (real HTTP,
 * real durable replay, virtual clock), Azurite for its tables, a real git server on loopback
 * holding the GitOps repository, and helpers that act like ACR, Flux and operators do.
 */
import { createHmac } from "node:crypto";
import { DEMO_STAGES, demoGitopsFiles } from "../../local/git/demo.js";
import { afterAll, beforeAll } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { useAzurite } from "../support/azurite.js";
import { startGitServer } from "../support/gitServer.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { commitMessages, git, resolveRef } from "../support/bareRepo.js";
import type { GitServer } from "../support/gitServer.js";
import { principalHeaders } from "../ops/support.js";

export const FLUX_TOKEN = "flux-e2e-token-0123456789";
export const OPS_KEY = "k-e2e-operator-0123456789abcdef";
export const REGISTRY = "myacr.azurecr.io";
export const STAGES = DEMO_STAGES;
export const APPROVER = principalHeaders({ oid: "22222222-aaaa-4bbb-8ccc-000000000002", name: "Arjun", roles: ["approver", "viewer"] });
export const OPERATOR = principalHeaders({ oid: "11111111-aaaa-4bbb-8ccc-000000000001", name: "Olga", roles: ["operator", "viewer"] });

/**
 * What the operator lets the tests' pipelines files reach: their servers all listen on loopback,
 * and every secret they name starts with E2E_ (BATON_PIPELINE_SECRETS, docs in the README).
 */
export const LOOPBACK_TRUST = {
  BATON_ALLOW_LOOPBACK: "true",
  BATON_ALLOWED_HOSTS: "127.0.0.1 localhost",
  BATON_PIPELINE_SECRETS: "E2E_*",
};

export function gitopsFiles(tag = "1.0.0"): Record<string, string> {
  return demoGitopsFiles(tag);
}

export interface PipelineOptions {
  repoUrl: string;
  /** Extra YAML under the prod stage (indented 8 spaces). */
  prod?: string;
  /** Extra YAML under the template (indented 6 spaces). */
  template?: string;
  /** Extra YAML under the dev stage (indented 8 spaces). */
  dev?: string;
  supersede?: "newest-wins" | "queue";
  /** A flow-style readiness `observe` value for every stage (polling fallback). */
  observe?: string;
}

export function pipelinesYaml(o: PipelineOptions): string {
  return `version: 1
defaults:
  git: { url: "${o.repoUrl}", branch: main, auth: { kind: none } }
  readiness: { timeout: 15m }
  onFailure: rollback
pipelines:
  - name: orders-api
    supersede: ${o.supersede ?? "newest-wins"}
    source:
      image: ${REGISTRY}/orders-api
      tags: { kind: any }
    template:
      edits:
        - file: apps/orders-api/overlays/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}" }
${o.observe ? `        observe: ${o.observe}\n` : ""}${o.template ?? ""}
    stages:
${o.dev ? `      - name: dev\n${o.dev}` : "      - dev"}
      - staging
      - pre-prod
      - name: prod
${o.prod ?? `        approval: { required: true, quorum: 1, timeout: 1d }`}
`;
}

export interface BatonWorld {
  host: TestHost;
  server: GitServer;
}

/**
 * Azurite, the demo GitOps repository on a loopback git server, and Baton in the local runtime,
 * for one test file (started before its tests, stopped after them).
 */
export function useBatonWorld(options: {
  tablePrefix: string;
  pipelines?: Omit<PipelineOptions, "repoUrl">;
  env?: () => Record<string, string>;
  /** Last touches to the pipelines YAML once the world's servers are up (their URLs). */
  rewrite?: (yaml: string) => string;
  /** Entry files instead of functions/*.ts (to swap the activity registration). */
  entry?: string[];
  /** The GitOps repository's files instead of the demo overlays. */
  files?: Record<string, string>;
  /** The whole pipelines YAML instead of the orders-api pipeline (`{repoUrl}` is filled in). */
  yaml?: string;
}): () => BatonWorld {
  const azurite = useAzurite();
  let world: BatonWorld | undefined;
  beforeAll(async () => {
    const server = await startGitServer();
    await server.createRepo("gitops", options.files ?? gitopsFiles("1.0.0"));
    const yaml = options.yaml?.replaceAll("{repoUrl}", server.url("gitops")) ?? pipelinesYaml({ repoUrl: server.url("gitops"), ...options.pipelines });
    const host = await startBaton({
      AzureWebJobsStorage: azurite().connectionString,
      BATON_TABLE_PREFIX: options.tablePrefix,
      BATON_PIPELINES: (options.rewrite ?? ((y: string) => y))(yaml),
      ...options.env?.(),
    }, options.entry);
    world = { host, server };
  }, 120_000);
  afterAll(async () => {
    await world?.host.dispose();
    await world?.server.close();
  });
  return () => {
    if (!world) throw new Error("the Baton world is not running: call useBatonWorld() at the top of the test file");
    return world;
  };
}

export async function startBaton(env: Record<string, string>, entry: string[] = ["functions/*.ts"]): Promise<TestHost> {
  Object.assign(process.env, {
    FLUX_WEBHOOK_TOKEN: FLUX_TOKEN,
    BATON_OPS_KEYS: `e2e=${OPS_KEY}`,
    BATON_OPS_TRUST_PRINCIPAL: "true",
    BATON_PUBLIC_URL: "https://baton.example.com",
    ...LOOPBACK_TRUST,
    ...env,
  });
  return startTestHost({ appDir: ".", entry });
}

export function digestOf(n: number): string {
  return `sha256:${n.toString(16).padStart(64, "0")}`;
}

export function promotionId(digest: string): string {
  return promotionInstanceId("orders-api", digest);
}

export function stageId(digest: string, stage: string): string {
  return stageInstanceId(promotionId(digest), stage);
}

/** ACR pushes an image: an Event Grid delivery to the Functions host's Event Grid webhook. */
export async function pushImage(host: TestHost, tag: string, digest: string, publishedAt: string, pushedBy?: string, repository = "orders-api"): Promise<Response> {
  const event = {
    id: `evt-${repository}-${tag}-${digest.slice(-6)}`,
    topic: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
    subject: `${repository}:${tag}`,
    eventType: "Microsoft.ContainerRegistry.ImagePushed",
    eventTime: publishedAt,
    dataVersion: "1.0",
    metadataVersion: "1",
    data: {
      id: `push-${tag}`,
      timestamp: publishedAt,
      action: "push",
      location: "westeurope",
      target: { mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: 3023, length: 3023, digest, repository, tag },
      request: { id: `req-${tag}`, host: REGISTRY, method: "PUT", useragent: "docker/24.0" },
      ...(pushedBy ? { actor: { name: pushedBy } } : {}),
    },
  };
  return host.fetch("/runtime/webhooks/eventgrid?functionName=acrImagePushed", {
    method: "POST",
    headers: { "content-type": "application/json", "aeg-event-type": "Notification" },
    body: JSON.stringify([event]),
  });
}

/** Flux's notification-controller reports a Kustomization, signed like a generic-hmac provider. */
export async function fluxReports(host: TestHost, stage: string, revision: string, outcome: "ready" | "failed" = "ready", message?: string, timestamp?: Date): Promise<Response> {
  const body = JSON.stringify({
    involvedObject: { kind: "Kustomization", namespace: "flux-system", name: `orders-api-${stage}`, uid: `uid-${stage}`, apiVersion: "kustomize.toolkit.fluxcd.io/v1", resourceVersion: "1" },
    severity: outcome === "ready" ? "info" : "error",
    timestamp: (timestamp ?? new Date(host.clock.now())).toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: message ?? (outcome === "ready" ? "Reconciliation finished in 2.31s, next run in 10m0s" : "Health check failed after 5m0s: timeout waiting for: [Deployment/orders/orders-api status: 'InProgress']"),
    reason: outcome === "ready" ? "ReconciliationSucceeded" : "HealthCheckFailed",
    metadata: { revision },
    reportingController: "kustomize-controller",
    reportingInstance: "kustomize-controller-7c7b47f5f-8bhrp",
  });
  const signature = `sha256=${createHmac("sha256", FLUX_TOKEN).update(body).digest("hex")}`;
  return host.fetch(`/api/ingest/flux/aks-${stage}`, {
    method: "POST",
    headers: { "content-type": "application/json", "gotk-component": "kustomize-controller", "x-signature": signature },
    body,
  });
}

export async function head(server: GitServer): Promise<string> {
  const sha = await resolveRef(server.gitdir("gitops"), "main");
  if (!sha) throw new Error("gitops repository has no main branch");
  return sha;
}

/** Flux reconciles the branch head for this stage and says so. */
export async function fluxReconcilesHead(host: TestHost, server: GitServer, stage: string): Promise<string> {
  const sha = await head(server);
  const res = await fluxReports(host, stage, `main@sha1:${sha}`);
  if (res.status >= 300) throw new Error(`Flux event for ${stage} answered ${res.status}: ${await res.text()}`);
  await host.settle();
  return sha;
}

export async function opsCall(host: TestHost, path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return host.fetch(path, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
}

export async function gitLog(server: GitServer): Promise<string[]> {
  return commitMessages(server.gitdir("gitops"), "main");
}

export async function fileAt(server: GitServer, path: string): Promise<string> {
  return git(server.gitdir("gitops"), ["show", `main:${path}`]);
}

export interface Status {
  runtimeStatus: string;
  customStatus: { step?: string; stage?: string; waitingFor?: string } | null;
  output: { outcome?: string; reason?: string; stages?: { name: string; outcome: string; commit?: string }[] } | string | null;
}

export async function statusOf(host: TestHost, instanceId: string): Promise<Status> {
  return (await host.status(instanceId)) as unknown as Status;
}
