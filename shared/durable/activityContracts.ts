/**
 * Every activity the promotion orchestrations call: its name and the types that cross the
 * activity boundary. Orchestrators and activity registrations both type-check against this
 * one table (house style 3), so a name or a payload cannot drift between them.
 */
import type { PromotionBundle } from "../bundles/model.js";
import type { FieldChange } from "../gitops/edit.js";
import type { WaitFor } from "../ingest/intake/waitKeys.js";
import type { ImagePublished } from "../ingest/model.js";
import type { FluxReport } from "../store/ports.js";
import type { ObservationSource } from "../readiness/observation.js";
import type { ApprovalPolicy, FluxObjectRef, GateConfig, PinnedPipeline, StageConfig } from "../pipelines/config/model.js";
import type { ApprovalCardModel } from "../teams/cards/model.js";
import type { StepResult } from "../steps/result.js";
import type { TimelineInput } from "./timeline.js";

export interface StageRef {
  promotionId: string;
  pipeline: string;
  stage: StageConfig;
  image: ImagePublished;
  /** A bundle's images: each edit sets the member it names (shared/bundles/stageEdits.ts). */
  bundle?: PromotionBundle;
}

export interface CommitEvidence {
  commit: string;
  /** False when the values were already there (a retried activity, or a hand-made commit). */
  changed: boolean;
  changes: FieldChange[];
  /** What the stage ran before this promotion (for rollback): per edit file, the previous version. */
  previous: { file: string; name?: string; tag?: string; digest?: string; member?: string }[];
  pullRequest?: { number: number; url: string };
}

export type LockResult =
  | { acquired: true; superseded?: string }
  | { acquired: false; holder: string; holderCommitted: boolean; holderPublishedAt: string };

export interface ReadyEvidence {
  object: FluxObjectRef;
  revision: string;
  readyAt: string;
  via: ObservationSource;
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

export type LogQueryGate = Extract<GateConfig, { kind: "logQuery" }>;
export type WorkflowGate = Extract<GateConfig, { kind: "workflow" }>;
export type AzurePipelinesGate = Extract<GateConfig, { kind: "azurePipelines" }>;
export type ChangeWindowGate = Extract<GateConfig, { kind: "changeWindow" }>;

/** Where a posted approval card lives, to update it for everyone later. */
export interface PostedCard {
  serviceUrl: string;
  conversationId: string;
  activityId: string;
}

/**
 * Bookkeeping that rides along with any activity (orchestrations/flow.ts): recorded before the
 * activity itself runs, idempotent, so it costs no queue round trip of its own.
 */
export interface Bookkeeping {
  notes?: TimelineInput[];
  unsubscribe?: { instanceId: string; wait: WaitFor }[];
}

export interface CommitStageInput extends StageRef {
  mode: "promote" | "rollback";
  rollbackTo?: CommitEvidence["previous"];
  /** The stage lock to mark committed before committing (a promotion, not a rollback). */
  markLock?: string;
  /** Where the commit goes on the timeline; the entry itself is built from the result. */
  note?: { entryId: string; at: string; repository: string };
  /** Waits to register once committed (the stage's Flux objects), for this instance. */
  watch?: { instanceId: string; waits: WaitFor[] };
  /** Nudge the stage's Flux Receiver and refresh its Argo CD Applications once committed. */
  nudge?: boolean;
  /**
   * A stage without approval takes its lock (`markLock`) in this same step, as `enterStage` would:
   * not acquired comes back `locked` and nothing is committed.
   */
  enter?: { publishedAt: string; supersede: PinnedPipeline["supersede"] };
}

export type CommitStageOutput =
  | { kind: "locked"; lock: Extract<LockResult, { acquired: false }> }
  | { kind: "superseded"; holder?: string }
  | { kind: "committed"; result: StepResult<CommitEvidence>; reports: (FluxReport | null)[]; lock?: Extract<LockResult, { acquired: true }> };

export interface ActivityContracts {
  /** Pins the pipeline; a pinned one comes with the active holds (the first stage boundary needs them). */
  pinPipeline: { input: { pipeline: string }; output: StepResult<PinnedPipeline> & { holds?: Hold[] } };
  activeHolds: { input: { pipeline: string }; output: Hold[] };
  /** Only the bookkeeping that rides along with every activity (see `Bookkeeping`), when no other activity comes soon. */
  bookkeeping: { input: Record<string, never>; output: null };
  /**
   * A stage's way in: takes the stage lock (when it supersedes an older holder, tells that
   * holder's stage to stand down) and, once it holds the lock, reads what the stage runs now
   * when asked (the approval card shows it).
   */
  enterStage: {
    input: { lockKey: string; stage: string; promotionId: string; publishedAt: string; supersede: PinnedPipeline["supersede"]; read?: StageRef };
    output: { lock: LockResult; current?: StepResult<CommitEvidence["previous"]> };
  };
  /**
   * Releases the lock and raises `lock.released` on the stages queued behind it; with `holdsOf`
   * (the promotion goes on), then reads that pipeline's active holds for the next stage boundary.
   */
  leaveStage: { input: { lockKey: string; stage: string; promotionId: string; holdsOf?: string }; output: { holds: Hold[] } | null };
  /**
   * The commit of a stage and what goes with it, in one step: with `markLock`, first marks the
   * lock committed (from then on the stage cannot be superseded; `superseded` when it already
   * was, and nothing is committed); reads what the stage runs (the evidence's `previous`, for
   * rollback) and commits; records the commit on the timeline (`note`); then subscribes the
   * stage's `watch` waits (their last reports come back in order) and nudges Flux and Argo CD.
   * With `enter`, it first takes the stage lock (a stage's way in and its commit in one step).
   */
  commitStage: { input: CommitStageInput; output: CommitStageOutput };
  /** The stage's pull request now: running while open, succeeded with the merge commit, failed when closed without merge. */
  pullRequestState: { input: { stage: StageConfig; number: number }; output: StepResult<{ mergeCommit: string }> };
  nudgeFlux: { input: { url: string; tokenSecret: string; promotionId: string }; output: ProbeOutcome };
  refreshApplications: { input: { stage: StageConfig }; output: ProbeOutcome };
  /** Registers a wait with the signal router; for a Flux object, returns its last report. */
  subscribeSignal: { input: { instanceId: string; wait: WaitFor }; output: FluxReport | null };
  unsubscribeSignal: { input: { instanceId: string; wait: WaitFor }; output: null };
  judgeFluxReport: { input: StageRef & { object: FluxObjectRef; commit: string; report: FluxReport }; output: StepResult<ReadyEvidence> };
  pollReadiness: { input: StageRef & { object: FluxObjectRef; commit: string }; output: StepResult<ReadyEvidence> };
  probeHttp: { input: { gate: Extract<GateConfig, { kind: "httpProbe" }> }; output: ProbeOutcome };
  /** One evaluation of a log query gate; errored (retryable) when the query itself failed. */
  runLogQuery: { input: { gate: LogQueryGate }; output: StepResult<{ value: number; passed: boolean; detail: string }> };
  /** Dispatches the workflow and finds the run it started. */
  dispatchWorkflow: { input: { gate: WorkflowGate; promotionId: string; stage: string; commit: string }; output: StepResult<{ runId: number; headSha: string; htmlUrl: string }> };
  /** running while the run is queued or in progress; succeeded on conclusion success; failed otherwise. */
  workflowRunStatus: { input: { gate: WorkflowGate; runId: number }; output: StepResult<{ conclusion: string; htmlUrl: string }> };
  /** Queues the Azure Pipelines run; `organization` and `runId` key the run-state-changed service hook. */
  queueAzurePipelinesRun: { input: { gate: AzurePipelinesGate; promotionId: string; stage: string; commit: string }; output: StepResult<{ runId: number; organization: string; webUrl: string }> };
  /** running until the run is completed; succeeded on result succeeded; failed otherwise. */
  azurePipelinesRunStatus: { input: { gate: AzurePipelinesGate; runId: number }; output: StepResult<{ result: string; webUrl: string }> };
  /** Whether `at` is inside an allowed window (and no blocked window or holiday), and when that changes. */
  evaluateChangeWindow: { input: { gate: ChangeWindowGate; at: string }; output: { open: boolean; detail: string; nextOpenAt?: string } };
  /** Is this voter eligible under the policy (ids, UPNs, groups), and not the one who pushed or merged? */
  checkApprover: {
    input: { policy: ApprovalPolicy; voter: { id: string; upn?: string }; publishedBy: string[] };
    output: { eligible: boolean; reason: string };
  };
  /** Posts the approval card to the policy's Teams conversation (proactive message). */
  postApprovalCard: { input: { policy: ApprovalPolicy; card: ApprovalCardModel }; output: PostedCard | null };
  /** Replaces the posted card for everyone (votes so far, or the outcome). */
  updateApprovalCard: { input: { posted: PostedCard; card: ApprovalCardModel }; output: null };
  /** A stage notification through a Teams Workflows webhook; best effort. */
  notifyTeams: { input: { webhookSecret: string; title: string; facts: { title: string; value: string }[]; link?: string }; output: ProbeOutcome };
}

export type ActivityName = keyof ActivityContracts;
export type ActivityInput<N extends ActivityName> = ActivityContracts[N]["input"];
export type ActivityOutput<N extends ActivityName> = ActivityContracts[N]["output"];
