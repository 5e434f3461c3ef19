import type { DurableOrchestrationStatus } from "durable-functions";
import type { PromotionStatus } from "../../durable/promotionStatus.js";
import { isLive, readStatus, type OpsDurableClient } from "./opsClient.js";
import { customStatusOf } from "./promotionView.js";

export interface CommandTarget {
  /** The instance that listens for the command. */
  instanceId: string;
  /** What that instance published: its step decides whether the command makes sense now. */
  published: Partial<PromotionStatus> | undefined;
}

/**
 * Where a command for this promotion goes (shared/durable/promotionStatus.ts): the running stage's
 * instance while a stage runs, the promotion itself at a stage boundary. A stage instance that
 * has just finished falls back to the promotion, which is about to publish its next step.
 */
export async function commandTarget(client: OpsDurableClient, promotion: DurableOrchestrationStatus): Promise<CommandTarget> {
  const published = customStatusOf(promotion);
  const stageId = published?.stageInstanceId;
  const stage = stageId ? await readStatus(client, stageId) : undefined;
  if (stageId && stage && isLive(stage)) return { instanceId: stageId, published: { ...published, ...customStatusOf(stage) } };
  return { instanceId: promotion.instanceId, published };
}
