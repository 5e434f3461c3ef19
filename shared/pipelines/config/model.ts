/**
 * A pipeline as a promotion runs it: every default applied, every duration in milliseconds,
 * every stage complete. Read from the pipelines file at the start of a promotion and pinned in
 * its input, so a later edit of the file only affects new promotions. Plain JSON throughout:
 * it travels through durable history.
 *
 * Secrets appear only by NAME (`tokenSecret: "GITHUB_TOKEN"`): activities resolve them through
 * the SecretSource, so no secret value ever enters an orchestration input or its history.
 */
import type { EditTarget } from "../../gitops/edit.js";
import type { FluxKind } from "../../ingest/model.js";
import type { TagPolicy } from "../types.js";

export type RepositoryAuth =
  | { kind: "none" }
  | { kind: "token"; tokenSecret: string }
  | { kind: "github-app"; appId: number; installationId: number; privateKeySecret: string }
  | { kind: "basic"; username: string; passwordSecret: string };

/** Where a stage's GitOps files live. */
export type RepositoryRef =
  | { provider: "github"; repository: string; branch: string; apiUrl?: string; auth: RepositoryAuth }
  | { provider: "git"; url: string; branch: string; auth: RepositoryAuth };

/** One edit of a stage; the image (name, tag, digest) comes from the promotion. */
export interface StageEdit {
  file: string;
  target: EditTarget;
}

export interface FluxObjectRef {
  cluster: string;
  kind: FluxKind;
  namespace: string;
  name: string;
}

/** How Baton may look at a cluster when Flux events are late or lost (polling fallback). */
export type ObserveConfig =
  | {
      kind: "arm";
      subscriptionId: string;
      resourceGroup: string;
      clusterName: string;
      clusterType: "managedClusters" | "connectedClusters";
      fluxConfiguration: string;
      kustomization: string;
    }
  | { kind: "kubernetes"; kubeconfigSecret: string; context?: string };

export interface ReadinessConfig {
  /** Every object must be Ready at the promoted commit (or a commit that contains it). */
  objects: FluxObjectRef[];
  timeoutMs: number;
  /** A Flux Receiver to call right after the commit, for an immediate reconcile. */
  receiver?: { url: string; tokenSecret: string };
  observe?: ObserveConfig;
}

export type GateConfig =
  | { kind: "soak"; name: string; durationMs: number }
  | {
      kind: "httpProbe";
      name: string;
      url: string;
      method: "GET" | "HEAD";
      expectStatus: number[];
      /** Regular expression the body must match. */
      bodyMatch?: string;
      /** Consecutive successes required. */
      successes: number;
      intervalMs: number;
      attemptTimeoutMs: number;
      /** The gate fails when it has not passed within this time. */
      deadlineMs: number;
    };

/** The approval issue extends this; here: whether a person must approve before the stage commits. */
export interface ApprovalPolicy {
  required: boolean;
  /** Entra object ids, UPNs or group ids allowed to approve (empty: any operator). */
  approvers: string[];
  /** How many distinct eligible people must approve. */
  quorum: number;
  timeoutMs: number;
}

export type FailurePolicy =
  | { action: "rollback" }
  | { action: "abort" }
  | { action: "pause"; timeoutMs: number; onTimeout: "rollback" | "abort" };

export interface StageConfig {
  name: string;
  repository: RepositoryRef;
  writeMode: "commit" | "pull-request";
  pullRequest?: { labels: string[]; autoMerge: boolean; timeoutMs: number };
  edits: StageEdit[];
  readiness: ReadinessConfig;
  gates: GateConfig[];
  gateMode: "sequence" | "parallel";
  approval?: ApprovalPolicy;
  onFailure: FailurePolicy;
  /** false: the promotion waits for an operator's "promote" before this stage starts. */
  autoPromote: boolean;
}

export interface PinnedPipeline {
  name: string;
  source: { registry: string; repository: string; tags: TagPolicy };
  /** A newer image for a stage target: supersede an older promotion still waiting there, or queue behind it. */
  supersede: "newest-wins" | "queue";
  stages: StageConfig[];
  /** Where the configuration was read, for the timeline and audit. */
  origin: { path: string; commit?: string };
}
