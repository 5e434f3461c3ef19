import { ORCHESTRATOR } from "../../durable/names.js";

/**
 * Promotion instance ids are `promo-<pipeline>-<alg>-<hex>` (shared/ingest/intake/instanceId.ts).
 * A plain prefix test would let pipeline `orders` claim `promo-orders-eu-…`, so the rest of the id
 * must be exactly one digest part.
 */
const digestPart = /^[a-z0-9]+-[a-f0-9]+$/;

export function belongsToPipeline(instanceId: string, pipeline: string): boolean {
  const prefix = `promo-${pipeline}-`;
  return instanceId.startsWith(prefix) && digestPart.test(instanceId.slice(prefix.length));
}

/** Whether a listed instance is a promotion (not a stage or another orchestration). */
export function isPromotion(status: { name: string; instanceId: string }): boolean {
  return status.name === ORCHESTRATOR.promotion && status.instanceId.startsWith("promo-");
}

/** Ids the ops API accepts in its paths: what promotionInstanceId produces (at most 100 characters). */
export const promotionIdPattern = /^promo-[a-z0-9][a-z0-9-]{0,93}$/;
