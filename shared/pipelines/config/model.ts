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
import type { WorkloadKind } from "../../ingest/model.js";
import type { BundleSpec, TagPolicy } from "../types.js";

export type RepositoryAuth =
  | { kind: "none" }
  | { kind: "token"; tokenSecret: string }
  | { kind: "github-app"; appId: number; installationId: number; privateKeySecret: string }
  | { kind: "basic"; username: string; passwordSecret: string }
  /** The app's own Entra identity (managed identity in Azure): Azure Repos only. */
  | { kind: "entra" };

/** The Azure Pipelines gate's own credentials: a PAT (basic) or Baton's Entra identity. */
export type AzurePipelinesAuth = { kind: "pat"; tokenSecret: string } | { kind: "entra" };

/** Where a stage's GitOps files live. */
export type RepositoryRef =
  | { provider: "github"; repository: string; branch: string; apiUrl?: string; auth: RepositoryAuth }
  | { provider: "git"; url: string; branch: string; auth: RepositoryAuth }
  /** Azure Repos: git over smart HTTP, pull requests through the REST API; `url` is canonical (shared/azureDevOps/reposUrl.ts). */
  | { provider: "azure-devops"; url: string; branch: string; auth: RepositoryAuth };

/** One edit of a stage; the image (name, tag, digest) comes from the promotion. */
export interface StageEdit {
  file: string;
  target: EditTarget;
  /** In a bundle pipeline: the member this edit sets (absent: the primary image). */
  image?: string;
}

export interface FluxObjectRef {
  cluster: string;
  kind: WorkloadKind;
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
  | { kind: "kubernetes"; kubeconfigSecret: string; context?: string }
  /** Argo CD Applications through the Argo CD API server, with an account token from a secret. */
  | { kind: "argocd"; url: string; tokenSecret: string; project?: string };

export interface ReadinessConfig {
  /** Every object must be Ready at the promoted commit (or a commit that contains it). */
  objects: FluxObjectRef[];
  timeoutMs: number;
  /** A Flux Receiver to call right after the commit, for an immediate reconcile. */
  receiver?: { url: string; tokenSecret: string };
  /** Ask Argo CD to refresh the stage's Applications right away (needs `observe` kubernetes or argocd). */
  argocdRefresh?: boolean;
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
    }
  | {
      /** A KQL query against a Log Analytics workspace whose single number must meet a threshold. */
      kind: "logQuery";
      name: string;
      workspaceId: string;
      query: string;
      /** `value <op> threshold` must hold for the evaluation to pass. */
      operator: "lt" | "le" | "eq" | "ge" | "gt";
      threshold: number;
      /** How many passing evaluations are needed, one every `intervalMs`. */
      evaluations: number;
      intervalMs: number;
      /** The time range each query covers (its timespan). */
      windowMs: number;
      /** `all`: every evaluation must pass; `consecutive`: N passing in a row before the deadline. */
      mode: "all" | "consecutive";
      deadlineMs: number;
    }
  | {
      /** A GitHub Actions workflow dispatched on the stage's commit; its `workflow_run` must succeed. */
      kind: "workflow";
      name: string;
      /** owner/name of the repository holding the workflow. */
      repository: string;
      /** Workflow file name (`smoke.yml`) or numeric id. */
      workflow: string;
      /** Branch or tag the workflow runs on. */
      ref: string;
      inputs: Record<string, string>;
      apiUrl?: string;
      auth: RepositoryAuth;
      /** Fallback polling interval when no webhook arrives. */
      pollIntervalMs: number;
      timeoutMs: number;
    }
  | {
      /** An Azure Pipelines run queued at the stage's commit; its result must be `succeeded`. */
      kind: "azurePipelines";
      name: string;
      organization: string;
      project: string;
      pipelineId: number;
      /** Branch of the pipeline's repository (`main` or `refs/heads/main`). */
      ref: string;
      /** Queue the run at the stage's commit (the pipeline's repository is the GitOps repository). */
      pinCommit: boolean;
      templateParameters: Record<string, string>;
      /** Azure DevOps Server; default https://dev.azure.com. */
      apiUrl?: string;
      auth: AzurePipelinesAuth;
      /** Fallback polling interval when no service hook arrives. */
      pollIntervalMs: number;
      timeoutMs: number;
    }
  | {
      /** Promotion may only proceed inside an allowed window and outside blocked ones. */
      kind: "changeWindow";
      name: string;
      timeZone: string;
      /** Each window: a start (cron or RRULE) and a duration. Empty: always allowed unless blocked. */
      allowed: TimeWindow[];
      blocked: TimeWindow[];
      /** Dates (YYYY-MM-DD, in the time zone) that are never allowed. */
      holidays: string[];
      /** The gate fails when no window opens within this time. */
      maxWaitMs: number;
    };

export interface TimeWindow {
  /** Six-field cron with seconds or five-field cron (`0 9 * * 1-5`), or an RFC 5545 RRULE (`FREQ=WEEKLY;BYDAY=MO,TU;BYHOUR=9`). */
  start: string;
  durationMs: number;
}

/** Who must approve a stage before it changes anything, and how. */
export interface ApprovalPolicy {
  required: boolean;
  /**
   * Who may approve: Entra object ids, UPNs (`ada@contoso.com`), or groups (`group:<object id>`).
   * Empty: anyone with the approver role.
   */
  approvers: string[];
  /** How many distinct eligible people must approve. */
  quorum: number;
  timeoutMs: number;
  /** On expiry: reject the stage, or ask `escalateTo` (approvers, same quorum) for another timeout. */
  onExpiry: "reject" | "escalate";
  escalateTo: string[];
  /** Separation of duties: whoever pushed the image or merged its change may not approve it. */
  separationOfDuties: boolean;
  /**
   * Maps identities other systems report (a GitHub login, an ACR principal) to Entra object ids or
   * UPNs, so separation of duties recognises the same person across systems.
   */
  identities: Record<string, string>;
  /** Where the approval card is posted (Teams channel or chat), if anywhere. */
  teams?: { conversationId: string; serviceUrl: string; tenantId: string };
}

export type FailurePolicy =
  | { action: "rollback" }
  | { action: "abort" }
  | { action: "pause"; timeoutMs: number; onTimeout: "rollback" | "abort" };

export interface StageConfig {
  name: string;
  repository: RepositoryRef;
  writeMode: "commit" | "pull-request";
  pullRequest?: {
    labels: string[];
    autoMerge: boolean;
    timeoutMs: number;
    /** How an auto-merged (auto-completed) pull request is merged; absent: squash. */
    mergeMethod?: "merge" | "squash" | "rebase";
    /** Azure Repos auto-complete: delete the promotion branch once merged. */
    deleteSourceBranch?: boolean;
    /** Azure Repos: how often to poll the pull request when no service hook reports it; absent: 1 minute. */
    pollIntervalMs?: number;
  };
  edits: StageEdit[];
  readiness: ReadinessConfig;
  gates: GateConfig[];
  gateMode: "sequence" | "parallel";
  approval?: ApprovalPolicy;
  onFailure: FailurePolicy;
  /** Teams Workflows webhook URL (by secret name: the URL is the credential) for stage notifications. */
  notify?: { workflowWebhookSecret: string };
  /** false: the promotion waits for an operator's "promote" before this stage starts. */
  autoPromote: boolean;
}

export interface PinnedPipeline {
  name: string;
  /** `artifact: "chart"`: a Helm chart repository; its stages edit chart versions (docs/helmCharts.md). */
  source: { registry: string; repository: string; tags: TagPolicy; artifact?: "chart"; bundle?: BundleSpec };
  /** A newer image for a stage target: supersede an older promotion still waiting there, or queue behind it. */
  supersede: "newest-wins" | "queue";
  stages: StageConfig[];
  /** Where the configuration was read, for the timeline and audit. */
  origin: { path: string; commit?: string };
}
