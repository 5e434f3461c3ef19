/**
 * What one source last saw of a Flux object, normalised so a single decision reads every source
 * alike. Plain JSON: observations travel out of activities.
 */
export type ObservationSource = "flux-event" | "argocd-notification" | "kubernetes" | "argocd-api" | "arm";

export type ConditionStatus = "True" | "False" | "Unknown";

/** A Kubernetes condition as Flux writes it (type Ready unless stated). */
export interface FluxCondition {
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/** The chart a HelmRelease runs or tried to run (helm-controller v2 `history[0]`, `lastAttempted*`). */
export interface ReleaseSnapshot {
  chartVersion?: string;
  configDigest?: string;
  appVersion?: string;
  /** Helm release status of `history[0]`: `deployed`, `failed`, `superseded`, … */
  status?: string;
}

export interface Reported {
  kind: "reported";
  source: ObservationSource;
  /** When the source reported this state (event time, read time, ARM `statusUpdatedAt`). */
  reportedAt: string;
  /** The Ready condition; undefined when the object has none yet. */
  ready?: FluxCondition;
  /**
   * `status.observedGeneration` against `metadata.generation`; undefined when the source cannot
   * tell (events, ARM), in which case the report is taken as current.
   */
  generation?: { observed: number | undefined; desired: number };
  suspended?: boolean;
  /** Kustomization: last revision applied and healthy, and the last one tried. */
  appliedRevision?: string;
  /** For OCI sources, the git revision the artifact was built from (`lastAppliedOriginRevision`). */
  appliedOriginRevision?: string;
  attemptedRevision?: string;
  /** HelmRelease: the current release and the last attempt. */
  release?: ReleaseSnapshot;
  attempted?: ReleaseSnapshot;
  /** Set when the source itself may be behind (ARM's agent stopped reporting): why. */
  stale?: string;
}

/** The source could not show the object: not found (yet), or the source is unreachable. */
export interface Unavailable {
  kind: "unavailable";
  source: ObservationSource;
  notFound: boolean;
  /** Actionable and free of secrets: what was asked, what came back, what to check. */
  detail: string;
}

export type Observation = Reported | Unavailable;
