import type { DurableOrchestrationStatus } from "durable-functions";
import { isPromotion, promotionIdPattern } from "../durable/promotionIds.js";
import { readStatus, type OpsDurableClient } from "../durable/opsClient.js";
import { Refusal } from "../http/refusal.js";

/** The promotion's status, or 404: unknown ids, malformed ids and non-promotion instances alike. */
export async function findPromotion(client: OpsDurableClient, id: string): Promise<DurableOrchestrationStatus> {
  const status = promotionIdPattern.test(id) ? await readStatus(client, id) : undefined;
  if (!status || !isPromotion(status)) throw new Refusal(404, `no promotion ${id}`);
  return status;
}
