import type { WorkloadKind } from "../ingest/model.js";

/** The Flux object (or Argo CD Application) a promotion waits on, as named in the cluster. */
export interface ReadinessTarget {
  /** Baton's name for the cluster (the same name Flux events are routed with). */
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

/**
 * What a HelmRelease must be running for the promotion to count as live. A HelmRelease reports a
 * chart version, never a git commit (protocols.md 3.5), so these are its only evidence of our
 * change. Without them, "Ready" only means Ready at its current generation: the caller must first
 * wait for the Kustomization that applies the HelmRelease to reach the promoted commit.
 */
export interface ReleaseExpectation {
  chartVersion?: string;
  /** helm-controller's `configDigest` of the values (`sha256:…`). */
  configDigest?: string;
  /**
   * The promoted chart's OCI manifest digest: helm-controller appends its first 12 hex digits to
   * the chart version of a release whose chart comes from an OCIRepository.
   */
  ociDigest?: string;
}

/** One readiness wait: this object, at this commit or one that contains it. */
export interface ReadinessQuery {
  target: ReadinessTarget;
  /** Full sha of the commit the promotion made in the GitOps repository. */
  promotedCommit: string;
  release?: ReleaseExpectation;
}

export function describeTarget(target: ReadinessTarget): string {
  return `${target.kind} ${target.namespace}/${target.name} on ${target.cluster}`;
}
