import type { DurableOrchestrationStatus } from "durable-functions";
import type { PromotionInput } from "../../durable/names.js";
import { stageInstanceId, type PromotionStatus } from "../../durable/promotionStatus.js";
import { bundleImagesOf, type BundleImageView } from "../bundleImages.js";
import { isLive, readStatus, type OpsDurableClient } from "./opsClient.js";

/** How a finished promotion ended, as people say it (a failure that was rolled back is its own outcome). */
export type PromotionOutcome = "succeeded" | "failed" | "rolled-back" | "aborted" | "superseded";

export const PROMOTION_OUTCOMES: readonly PromotionOutcome[] = ["succeeded", "failed", "rolled-back", "aborted", "superseded"];

/** Where a promotion is in its life: `paused` is a durable suspend by an operator. */
export type PromotionState = "pending" | "running" | "paused" | "finished";

/** One promotion as the ops API shows it in lists and at the top of its own view. */
export interface PromotionSummary {
  id: string;
  url: string;
  pipeline: string | null;
  image: { registry: string; repository: string; tag: string; digest: string } | null;
  /** A bundle's images, every one of them (the primary, `image`, first); null for a single image. */
  bundle: BundleImageView[] | null;
  state: PromotionState;
  /** Null until the promotion has finished. */
  outcome: PromotionOutcome | null;
  /** Why it ended that way (a failure's reason, who aborted), when it says. */
  reason: string | null;
  /** The durable runtime status, for those who know Durable Functions. */
  runtimeStatus: string;
  stage: string | null;
  /** The step of the running stage (not the promotion's "in-stage"). */
  step: string | null;
  waitingFor: string | null;
  since: string | null;
  deadline: string | null;
  /** The stages done so far with their outcome. */
  stages: PromotionStatus["stages"];
  startedBy: string | null;
  createdTime: string;
  lastUpdatedTime: string;
}

/** Read-only facts about a promotion's stage instances that its own status does not carry. */
export interface StageFacts {
  /** The running stage's published status (it says what it waits for). */
  running?: Partial<PromotionStatus>;
  /** Whether the stage that failed rolled back what it committed. */
  rolledBack?: boolean;
}

/**
 * Reads what the promotion published (custom status, see shared/durable/promotionStatus.ts), its
 * input and output, tolerating each being absent: a Pending instance has published nothing yet.
 */
export function summarise(status: DurableOrchestrationStatus, url: string, facts: StageFacts = {}): PromotionSummary {
  const custom = customStatusOf(status);
  const input = inputOf(status);
  const output = outputOf(status);
  const running = facts.running;
  const state = stateOf(status);
  return {
    id: status.instanceId,
    url,
    pipeline: input?.pipeline ?? custom?.pipeline ?? null,
    image: input ? { registry: input.image.registry, repository: input.image.repository, tag: input.image.tag, digest: input.image.digest } : null,
    bundle: bundleImagesOf(input?.bundle),
    state,
    outcome: state === "finished" ? outcomeOf(status, output, facts.rolledBack === true) : null,
    reason: output?.reason ?? (state === "finished" && typeof status.output === "string" ? status.output.split("\n")[0] ?? null : null),
    runtimeStatus: String(status.runtimeStatus),
    stage: running?.stage ?? custom?.stage ?? lastStage(output)?.name ?? null,
    step: running?.step ?? custom?.step ?? null,
    waitingFor: running?.waitingFor ?? custom?.waitingFor ?? null,
    since: running?.since ?? custom?.since ?? null,
    deadline: running?.deadline ?? custom?.deadline ?? null,
    stages: output?.stages ?? custom?.stages ?? [],
    startedBy: input?.startedBy ?? null,
    createdTime: startedAt(status) ?? timeText(status.createdTime),
    lastUpdatedTime: timeText(status.lastUpdatedTime),
  };
}

/**
 * Summarises a promotion with the facts only its stage instances know: the running stage's step
 * (one read while a stage runs) and whether a failed stage rolled back (one read per failure).
 */
export async function describePromotion(client: OpsDurableClient, status: DurableOrchestrationStatus, url: string): Promise<PromotionSummary> {
  return summarise(status, url, await stageFacts(client, status));
}

export async function stageFacts(client: OpsDurableClient, status: DurableOrchestrationStatus): Promise<StageFacts> {
  const custom = customStatusOf(status);
  if (isLive(status) && custom?.stageInstanceId) {
    const stage = await readStatus(client, custom.stageInstanceId);
    const running = stage && isLive(stage) ? customStatusOf(stage) : undefined;
    return running ? { running } : {};
  }
  const failedStage = lastStage(outputOf(status));
  if (failedStage?.outcome !== "failed") return {};
  const stage = await readStatus(client, stageInstanceId(status.instanceId, failedStage.name));
  const stageOutput = stage?.output as { rolledBack?: unknown } | null | undefined;
  return { rolledBack: stageOutput?.rolledBack === true };
}

function stateOf(status: DurableOrchestrationStatus): PromotionState {
  const runtime = String(status.runtimeStatus);
  if (runtime === "Suspended") return "paused";
  if (runtime === "Pending") return "pending";
  return isLive(status) ? "running" : "finished";
}

function outcomeOf(status: DurableOrchestrationStatus, output: PromotionOutput | undefined, rolledBack: boolean): PromotionOutcome {
  const runtime = String(status.runtimeStatus);
  if (runtime === "Terminated" || runtime === "Canceled") return "aborted";
  const outcome = output?.outcome;
  if (outcome === "failed") return rolledBack ? "rolled-back" : "failed";
  if (outcome === "succeeded" || outcome === "aborted" || outcome === "superseded") return outcome;
  return "failed";
}

/** The promotion orchestrator's result (orchestrations/promotion.ts PromotionResult), as stored. */
interface PromotionOutput {
  outcome?: string;
  reason?: string;
  stages?: PromotionStatus["stages"];
}

function outputOf(status: Pick<DurableOrchestrationStatus, "output">): PromotionOutput | undefined {
  const output: unknown = status.output;
  return typeof output === "object" && output !== null && !Array.isArray(output) ? (output) : undefined;
}

function lastStage(output: PromotionOutput | undefined): PromotionStatus["stages"][number] | undefined {
  return output?.stages?.at(-1);
}

export function customStatusOf(status: Pick<DurableOrchestrationStatus, "customStatus">): Partial<PromotionStatus> | undefined {
  const custom: unknown = status.customStatus;
  return typeof custom === "object" && custom !== null && !Array.isArray(custom) ? custom : undefined;
}

/**
 * When the promotion started. It continues as new after each stage, and a new execution's
 * CreatedTime is its own start (durable-extension #2088), so later generations carry the first
 * one's start in their input.
 */
export function startedAt(status: DurableOrchestrationStatus): string | undefined {
  const carry = (status.input as { carry?: { startedAt?: unknown } } | null | undefined)?.carry;
  return typeof carry?.startedAt === "string" ? carry.startedAt : undefined;
}

function inputOf(status: DurableOrchestrationStatus): PromotionInput | undefined {
  const input = status.input as Partial<PromotionInput> | null | undefined;
  return input && typeof input.pipeline === "string" && typeof input.image === "object" && input.image !== null ? (input as PromotionInput) : undefined;
}

/** getStatus gives Dates, getStatusBy raw JSON strings (protocols.md 6.2): accept both. */
export function timeText(value: Date | string | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : value.toISOString();
}
