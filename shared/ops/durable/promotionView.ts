import type { DurableOrchestrationStatus } from "durable-functions";
import type { PromotionInput } from "../../durable/names.js";
import type { PromotionStatus } from "../../durable/promotionStatus.js";

/** One promotion as the ops API shows it in lists. */
export interface PromotionSummary {
  id: string;
  url: string;
  pipeline: string | null;
  image: { registry: string; repository: string; tag: string; digest: string } | null;
  runtimeStatus: string;
  stage: string | null;
  step: string | null;
  waitingFor: string | null;
  startedBy: string | null;
  createdTime: string;
  lastUpdatedTime: string;
}

/**
 * Reads what the promotion published (custom status, see shared/durable/promotionStatus.ts) and
 * its input, tolerating either being absent: a Pending instance has published nothing yet.
 */
export function summarise(status: DurableOrchestrationStatus, url: string): PromotionSummary {
  const custom = customStatusOf(status);
  const input = inputOf(status);
  return {
    id: status.instanceId,
    url,
    pipeline: input?.pipeline ?? custom?.pipeline ?? null,
    image: input ? { registry: input.image.registry, repository: input.image.repository, tag: input.image.tag, digest: input.image.digest } : null,
    runtimeStatus: String(status.runtimeStatus),
    stage: custom?.stage ?? null,
    step: custom?.step ?? null,
    waitingFor: custom?.waitingFor ?? null,
    startedBy: input?.startedBy ?? null,
    createdTime: timeText(status.createdTime),
    lastUpdatedTime: timeText(status.lastUpdatedTime),
  };
}

export function customStatusOf(status: Pick<DurableOrchestrationStatus, "customStatus">): Partial<PromotionStatus> | undefined {
  const custom: unknown = status.customStatus;
  return typeof custom === "object" && custom !== null && !Array.isArray(custom) ? custom : undefined;
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
