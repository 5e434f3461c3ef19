/**
 * The one place that names Baton's orchestrators and the activities ingestion relies on, so the
 * functions that start or signal an instance and the orchestrations themselves can never drift
 * apart (house style 3). The orchestration issue adds its own activities here.
 */
import type { ImagePublished } from "../ingest/model.js";
import type { ActivityName } from "./activityContracts.js";

export const ORCHESTRATOR = {
  /** One instance per pipeline and image digest: walks the pipeline's stages in order. */
  promotion: "promotion",
  /** One instance per promotion and stage (id: promotion id + stage name). */
  stage: "stage",
} as const;

export type OrchestratorName = (typeof ORCHESTRATOR)[keyof typeof ORCHESTRATOR];

/** Activity names, each typed with its input and output in `activityContracts.ts`. */
export const ACTIVITY: { readonly [N in ActivityName]: N } = {
  pinPipeline: "pinPipeline",
  activeHolds: "activeHolds",
  bookkeeping: "bookkeeping",
  enterStage: "enterStage",
  leaveStage: "leaveStage",
  readStageImages: "readStageImages",
  commitStage: "commitStage",
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
  evaluateChangeWindow: "evaluateChangeWindow",
  checkApprover: "checkApprover",
  postApprovalCard: "postApprovalCard",
  updateApprovalCard: "updateApprovalCard",
  notifyTeams: "notifyTeams",
};

/** The input a promotion instance is started with by the ingestion doors. */
export interface PromotionInput {
  pipeline: string;
  image: ImagePublished;
  /** Who asked: an ops API caller; absent when an event started it. */
  startedBy?: string;
}
