/** Registers Baton's orchestrators with the Functions host (imported by functions/orchestrations.ts). */
import * as df from "durable-functions";
import { ORCHESTRATOR } from "../shared/durable/names.js";
import { bundleWindowOrchestrator } from "./bundleWindow.js";
import { promotionOrchestrator } from "./promotion.js";
import { stageOrchestrator } from "./stage/orchestrator.js";

export function registerOrchestrators(): void {
  df.app.orchestration(ORCHESTRATOR.promotion, promotionOrchestrator);
  df.app.orchestration(ORCHESTRATOR.stage, stageOrchestrator);
  df.app.orchestration(ORCHESTRATOR.bundleWindow, bundleWindowOrchestrator);
}
