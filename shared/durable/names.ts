/**
 * The one place that names Baton's orchestrators and the activities ingestion relies on, so the
 * functions that start or signal an instance and the orchestrations themselves can never drift
 * apart (house style 3). The orchestration issue adds its own activities here.
 */
import type { ImagePublished } from "../ingest/model.js";

export const ORCHESTRATOR = {
  /** One instance per pipeline and image digest: walks the pipeline's stages in order. */
  promotion: "promotion",
  /** One instance per promotion and stage (id: promotion id + stage name). */
  stage: "stage",
} as const;

export type OrchestratorName = (typeof ORCHESTRATOR)[keyof typeof ORCHESTRATOR];

export const ACTIVITY = {
  /** Register what a promotion waits for, so the signal router can deliver it (returns the last Flux report). */
  subscribeSignal: "subscribeSignal",
  /** Forget a wait once the promotion no longer needs the signal. */
  unsubscribeSignal: "unsubscribeSignal",
} as const;

export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/** The input a promotion instance is started with by the ingestion doors. */
export interface PromotionInput {
  pipeline: string;
  image: ImagePublished;
}
