/**
 * Every activity the promotion orchestrations call: its name and the types that cross the
 * activity boundary. Orchestrators and activity registrations both type-check against this
 * one table (house style 3), so a name or a payload cannot drift between them.
 */
import type { FieldChange } from "../gitops/edit.js";
import type { WaitFor } from "../ingest/intake/wait-keys.js";
import type { ImagePublished } from "../ingest/model.js";
import type { FluxReport } from "../store/ports.js";
import type { FluxObjectRef, GateConfig, PinnedPipeline, StageConfig } from "../pipelines/config/model.js";
import type { StepResult } from "../steps/result.js";
import type { TimelineInput } from "./timeline.js";

export interface StageRef {
  promotionId: string;
  pipeline: string;
  stage: StageConfig;
  image: ImagePublished;
}

export interface CommitEvidence {
  commit: string;
  /** False when the values were already there (a retried activity, or a hand-made commit). */
  changed: boolean;
  changes: FieldChange[];
  /** What the stage ran before this promotion (for rollback): per edit file, the previous version. */
  previous: { file: string; name?: string; tag?: string; digest?: string }[];
  pullRequest?: { number: number; url: string };
}

export type LockResult =
  | { acquired: true; superseded?: string }
  | { acquired: false; holder: string; holderCommitted: boolean; holderPublishedAt: string };

export interface ReadyEvidence {
  object: FluxObjectRef;
  revision: string;
  readyAt: string;
  via: "flux-event" | "kubernetes" | "arm";
}

export interface Hold {
  scope: "global" | "pipeline";
  pipeline?: string;
  by: string;
  reason: string;
  at: string;
}

export interface ProbeOutcome {
  ok: boolean;
  detail: string;
}

export interface ActivityContracts {
  pinPipeline: { input: { pipeline: string }; output: StepResult<PinnedPipeline> };
  activeHolds: { input: { pipeline: string }; output: Hold[] };
  recordTimeline: { input: TimelineInput; output: null };
  /** Takes the stage lock; when it supersedes an older holder, tells that holder's stage to stand down. */
  acquireStageLock: {
    input: { lockKey: string; stage: string; promotionId: string; publishedAt: string; supersede: PinnedPipeline["supersede"] };
    output: LockResult;
  };
  markStageCommitted: { input: { lockKey: string; promotionId: string }; output: null };
  releaseStageLock: { input: { lockKey: string; promotionId: string }; output: null };
  /** What the stage runs now, per edit file: recorded before the commit, for rollback. */
  readStageImages: { input: StageRef; output: StepResult<CommitEvidence["previous"]> };
  commitStage: { input: StageRef & { mode: "promote" | "rollback"; rollbackTo?: CommitEvidence["previous"] }; output: StepResult<CommitEvidence> };
  nudgeFlux: { input: { url: string; tokenSecret: string; promotionId: string }; output: ProbeOutcome };
  /** Registers a wait with the signal router; for a Flux object, returns its last report. */
  subscribeSignal: { input: { instanceId: string; wait: WaitFor }; output: FluxReport | null };
  unsubscribeSignal: { input: { instanceId: string; wait: WaitFor }; output: null };
  judgeFluxReport: { input: StageRef & { object: FluxObjectRef; commit: string; report: FluxReport }; output: StepResult<ReadyEvidence> };
  pollReadiness: { input: StageRef & { object: FluxObjectRef; commit: string }; output: StepResult<ReadyEvidence> };
  probeHttp: { input: { gate: Extract<GateConfig, { kind: "httpProbe" }> }; output: ProbeOutcome };
}

export type ActivityName = keyof ActivityContracts;
export type ActivityInput<N extends ActivityName> = ActivityContracts[N]["input"];
export type ActivityOutput<N extends ActivityName> = ActivityContracts[N]["output"];
