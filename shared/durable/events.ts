/**
 * External event names, one constant per kind, each with its payload type (house style 3). The
 * names go into the Durable HTTP API URL unencoded (durable-functions 3.5 `raiseEvent`), so they
 * use only URL-safe characters: letters and dots.
 */
import type { AzurePipelinesRunFinished, WorkloadKind, PullRequestClosed, WorkflowFinished } from "../ingest/model.js";

export const EVENT = {
  fluxReady: "flux.ready",
  fluxFailed: "flux.failed",
  workflowFinished: "workflow.finished",
  prClosed: "pr.closed",
  azurePipelinesRunFinished: "azurePipelines.run.finished",
  approvalVote: "approval.vote",
  opsCommand: "ops.command",
  lockReleased: "lock.released",
} as const;

/** Every event name, for code that must cover them all (tests, the inbox). */
export const EVENT_NAMES: readonly EventName[] = Object.values(EVENT);

export type EventName = (typeof EVENT)[keyof typeof EVENT];

/**
 * Payload of `flux.ready` and `flux.failed`: what the GitOps agent reported for the object waited
 * on. Argo CD Application reports travel under the same names (the names predate Argo CD support
 * and are part of running instances' histories, so they stay).
 */
export interface FluxReportPayload {
  cluster: string;
  objectKind: WorkloadKind;
  namespace: string;
  name: string;
  revision: string;
  reason: string;
  message: string;
  reportedAt: string;
}

/** The routed `workflow_run` completion (the normalised signal without its envelope fields). */
export type WorkflowFinishedPayload = Omit<WorkflowFinished, "kind" | "deliveryId">;

/** The routed `pull_request` close (the normalised signal without its envelope fields). */
export type PullRequestClosedPayload = Omit<PullRequestClosed, "kind" | "deliveryId">;

/** The routed Azure Pipelines run completion (the normalised signal without its envelope fields). */
export type AzurePipelinesRunFinishedPayload = Omit<AzurePipelinesRunFinished, "kind" | "deliveryId">;

export interface ApprovalVotePayload {
  stage: string;
  decision: "approve" | "reject";
  /** Entra object id of the voter, never a display name (names are not unique). */
  voterId: string;
  voterName: string;
  reason?: string;
  at: string;
}

/**
 * What an operator asks of a running promotion through the ops API. Pause and resume are durable
 * suspend/resume, so they never arrive as events; everything else does:
 * - `retry`: a stage paused after a failure runs its failed step again;
 * - `skip`: a paused stage passes the named gate (or the failed step) with the given reason;
 * - `rollback` / `abort`: a paused stage rolls back, or the promotion stops where it is;
 * - `promote`: a stage with auto-promote off may start;
 * - `release`: a hold that kept the promotion at a stage boundary was released (re-check holds).
 */
export interface OpsCommandPayload {
  command: "retry" | "skip" | "rollback" | "abort" | "promote" | "release";
  stage?: string;
  /** For `skip`: the gate to pass; absent means the step that failed. */
  gate?: string;
  /** Set when Baton itself aborts a stage because a newer promotion took its place. */
  supersededBy?: string;
  actor: string;
  reason: string;
  at: string;
}

/** Payload of `lock.released`: the stage lock a waiting stage queued for is free again. */
export interface LockReleasedPayload {
  lockKey: string;
  /** The promotion that let go of it. */
  by: string;
  at: string;
}

/** Maps each event name to its payload, so `raise(EVENT.prClosed, payload)` is type-checked. */
export interface EventPayloads {
  "flux.ready": FluxReportPayload;
  "flux.failed": FluxReportPayload;
  "workflow.finished": WorkflowFinishedPayload;
  "pr.closed": PullRequestClosedPayload;
  "azurePipelines.run.finished": AzurePipelinesRunFinishedPayload;
  "approval.vote": ApprovalVotePayload;
  "ops.command": OpsCommandPayload;
  "lock.released": LockReleasedPayload;
}
