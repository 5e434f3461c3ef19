/**
 * The `evaluateChangeWindow` activity: pure computation, run as an activity so the orchestrator
 * records the answer in history instead of recomputing it (cron and zone data may change on replay).
 */
import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { DEFAULT_HORIZON_MS, evaluateChangeWindow } from "./evaluate.js";

export interface ChangeWindowDeps {
  /** How far ahead to look for the next opening; default 366 days. */
  horizonMs?: number;
}

export const createEvaluateChangeWindow =
  (deps: ChangeWindowDeps = {}) =>
  ({ gate, at }: ActivityInput<"evaluateChangeWindow">): Promise<ActivityOutput<"evaluateChangeWindow">> =>
    Promise.resolve(evaluateChangeWindow(gate, new Date(at), deps.horizonMs ?? DEFAULT_HORIZON_MS));
