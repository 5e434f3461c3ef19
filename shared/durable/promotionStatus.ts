import { ID_HASH_LENGTH, MAX_INSTANCE_ID_LENGTH, idHash } from "./instanceIdLimits.js";

/**
 * What a promotion and its stages publish as custom status: always where they are, what they wait
 * for and since when. The ops API reads it to find the instance a command is meant for (the
 * stage instance while a stage runs, the promotion itself at a stage boundary).
 */
export type PromotionStep =
  | "pinning"
  | "held"
  | "in-stage"
  | "awaiting-promote"
  | "locking"
  | "awaiting-approval"
  | "committing"
  | "awaiting-merge"
  | "awaiting-ready"
  | "gates"
  | "paused"
  | "rolling-back"
  | "finished";

export interface PromotionStatus {
  promotionId: string;
  pipeline: string;
  image: { repository: string; tag: string; digest: string };
  /** The stage being worked on; absent before the first stage and after the last. */
  stage?: string;
  /** Durable instance id of the running stage, where stage commands go. */
  stageInstanceId?: string;
  step: PromotionStep;
  /** Human-readable: "Kustomization flux-system/apps-dev Ready at 1a2b3c4", "approval (1 of 2)". */
  waitingFor?: string;
  /** ISO time the current step started. */
  since: string;
  /** When the current wait gives up (ISO), if it has a deadline. */
  deadline?: string;
  /** While the step is `gates`: the gates running now (an operator may skip one of them). */
  gates?: string[];
  /** Stages done so far, in order, with their outcome. */
  stages: { name: string; outcome: StageOutcome["outcome"]; commit?: string }[];
}

export type StageOutcome =
  | { outcome: "succeeded"; commit: string; readyAt: string }
  | { outcome: "failed"; reason: string; rolledBack: boolean; commit?: string }
  | { outcome: "aborted"; reason: string; by?: string }
  | { outcome: "superseded"; by: string };

/**
 * Durable instance id of a promotion's stage: `<promotion id>--<stage>` when that fits in 100
 * characters (the Durable Task Scheduler's limit) and splits one way only (neither part holds
 * `--`). Otherwise `<start of the promotion id>--<stage>--<hash of both>`: still readable, and it
 * holds `--` twice, so it never equals a plain id; two such ids are equal only if the 96-bit
 * hash of (promotion id, stage) collides.
 */
export function stageInstanceId(promotionId: string, stage: string): string {
  const plain = `${promotionId}--${stage}`;
  if (plain.length <= MAX_INSTANCE_ID_LENGTH && !promotionId.includes("--") && !stage.includes("--")) return plain;
  const room = Math.max(0, MAX_INSTANCE_ID_LENGTH - stage.length - 4 - ID_HASH_LENGTH);
  const readableStage = stage.slice(0, MAX_INSTANCE_ID_LENGTH - 4 - ID_HASH_LENGTH);
  return `${promotionId.slice(0, room)}--${readableStage}--${idHash(promotionId, stage)}`;
}
