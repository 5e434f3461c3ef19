/**
 * The one place that names Baton's orchestrators and the activities ingestion relies on, so the
 * functions that start or signal an instance and the orchestrations themselves can never drift
 * apart (house style 3). The orchestration issue adds its own activities here.
 */
import type { PromotionBundle } from "../bundles/model.js";
import type { ImagePublished } from "../ingest/model.js";
import type { ActivityName } from "./activityContracts.js";
import type { TraceCarrier } from "../telemetry/carrier.js";

export const ORCHESTRATOR = {
  /** One instance per pipeline and image digest: walks the pipeline's stages in order. */
  promotion: "promotion",
  /** One instance per promotion and stage (id: promotion id + stage name). */
  stage: "stage",
  /** One instance per bundle group and window: closes the window when it elapses (shared/bundles). */
  bundleWindow: "bundleWindow",
} as const;

export type OrchestratorName = (typeof ORCHESTRATOR)[keyof typeof ORCHESTRATOR];

/** Activity names, each typed with its input and output in `activityContracts.ts`. */
export const ACTIVITY: { readonly [N in ActivityName]: N } = {
  pinPipeline: "pinPipeline",
  activeHolds: "activeHolds",
  bookkeeping: "bookkeeping",
  enterStage: "enterStage",
  leaveStage: "leaveStage",
  commitStage: "commitStage",
  pullRequestState: "pullRequestState",
  nudgeFlux: "nudgeFlux",
  refreshApplications: "refreshApplications",
  subscribeSignal: "subscribeSignal",
  unsubscribeSignal: "unsubscribeSignal",
  judgeFluxReport: "judgeFluxReport",
  pollReadiness: "pollReadiness",
  probeHttp: "probeHttp",
  runLogQuery: "runLogQuery",
  dispatchWorkflow: "dispatchWorkflow",
  workflowRunStatus: "workflowRunStatus",
  queueAzurePipelinesRun: "queueAzurePipelinesRun",
  azurePipelinesRunStatus: "azurePipelinesRunStatus",
  evaluateChangeWindow: "evaluateChangeWindow",
  checkApprover: "checkApprover",
  postApprovalCard: "postApprovalCard",
  updateApprovalCard: "updateApprovalCard",
  notifyTeams: "notifyTeams",
};

/** The input a promotion instance is started with by the ingestion doors. */
export interface PromotionInput {
  pipeline: string;
  /** The image promoted; in a bundle, its primary image (the pipeline's source.image). */
  image: ImagePublished;
  /** Set for a bundle pipeline: every image promoted together (docs/bundles.md). */
  bundle?: PromotionBundle;
  /** Who asked: an ops API caller; absent when an event started it. */
  startedBy?: string;
  /** The trace it belongs to (set where it is started; absent on promotions started before telemetry). */
  trace?: TraceCarrier;
}
