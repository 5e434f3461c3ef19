/**
 * The normalised events Baton's doors produce, whatever the sender. Every field is plain JSON so a
 * value can travel unchanged into an orchestration input or an external event payload.
 */

/** Which door an event came through; kept for logs and audit. */
export type EventSource = "acr-eventgrid" | "acr-webhook" | "github-package" | "flux" | "argocd" | "github" | "azuredevops";

/** A tagged container image that became available in a registry. */
export interface ImagePublished {
  kind: "image.published";
  /** Registry host, lower case: `myacr.azurecr.io`, `ghcr.io`. */
  registry: string;
  /** Repository path inside the registry, lower case: `orders-api`, `acme/orders-api`. */
  repository: string;
  tag: string;
  /** OCI digest of the tagged manifest (the index for a multi-arch image): `sha256:…`. */
  digest: string;
  mediaType?: string;
  /** When the registry says the push happened (ISO 8601). */
  publishedAt: string;
  source: EventSource;
  /** The sender's id for this delivery or event (dedupe key, audit). */
  deliveryId: string;
  /**
   * Who published it, as the sender names them (ACR: the pushing principal's id; GitHub: the
   * sender's login). Separation of duties keeps them from approving their own image.
   */
  publishedBy?: string[];
  /**
   * A Helm chart (`tag` is its version) rather than a container image. Doors cannot tell: `helm
   * push` writes an OCI image manifest like any image, and only its config media type
   * (`application/vnd.cncf.helm.config.v1+json`) says chart. The pipeline that takes the push sets
   * it (its source is a `chart`); absent means an image.
   */
  artifact?: "chart";
  /**
   * The source commit the image was built from (its `org.opencontainers.image.revision` label),
   * when the event carries it (GitHub's `package` event does; ACR's events do not). Bundles that
   * belong together by revision match on it (docs/bundles.md).
   */
  revision?: string;
}

/**
 * The objects a stage can wait on: Flux's Kustomization and HelmRelease, or an Argo CD
 * Application (Synced and Healthy at the promoted commit).
 */
export type WorkloadKind = "Kustomization" | "HelmRelease" | "Application";
export type FluxKind = Exclude<WorkloadKind, "Application">;

/** What a Flux reconcile told us about one object. */
export type ReconcileOutcome = "ready" | "failed" | "progressing";

export interface WorkloadReconciled {
  kind: "workload.reconciled";
  cluster: string;
  objectKind: WorkloadKind;
  namespace: string;
  name: string;
  /** Source revision (`main@sha1:…`) for a Kustomization, chart version for a HelmRelease. */
  revision: string;
  outcome: ReconcileOutcome;
  reason: string;
  message: string;
  reportedAt: string;
}

export interface WorkflowFinished {
  kind: "workflow.finished";
  /** `owner/repo` as GitHub spells it. */
  repository: string;
  workflowId: number;
  workflowName: string;
  workflowPath: string;
  runId: number;
  runAttempt: number;
  headSha: string;
  headBranch: string;
  /** `success`, `failure`, `cancelled`, …; null when GitHub reports none. */
  conclusion: string | null;
  htmlUrl: string;
  deliveryId: string;
}

export interface PullRequestClosed {
  kind: "pull_request.closed";
  repository: string;
  number: number;
  merged: boolean;
  mergeCommitSha: string | null;
  baseRef: string;
  headSha: string;
  htmlUrl: string;
  deliveryId: string;
}

/** An Azure Pipelines run reached state `completed` (the `ms.vss-pipelines.run-state-changed-event` service hook). */
export interface AzurePipelinesRunFinished {
  kind: "azurePipelines.run.finished";
  /** The organization (or Azure DevOps Server collection) as its URLs spell it; run ids are unique inside it. */
  organization: string;
  pipelineId: number;
  runId: number;
  /** `succeeded`, `failed`, `canceled`, `unknown`; null when the hook carries none. */
  result: string | null;
  /** Where a person reads the run. */
  webUrl: string;
  deliveryId: string;
}

/** A signal a waiting promotion may be interested in. */
export type Signal = WorkloadReconciled | WorkflowFinished | PullRequestClosed | AzurePipelinesRunFinished;
