import type { DurableClientPart } from "./durableClientPart.js";
import { ORCHESTRATOR, type PromotionInput } from "../../durable/names.js";
import type { PromotionStarter, StartedPromotion } from "../ports.js";
import { tracePromotionStart } from "../../telemetry/promotionStart.js";
import { instanceExists } from "./instanceStatus.js";

/**
 * PromotionStarter over the Durable client. startNew would overwrite a Completed/Failed instance
 * with the same id, so the status is checked first; a concurrent start makes startNew reject
 * (Pending/Running ids cannot be overridden), which is then read as "already exists".
 * `locate` builds the status location given to senders: not the Durable management URLs, which
 * carry the host's system key.
 */
export function createDurableStarter(client: DurableClientPart, locate: (instanceId: string) => string): PromotionStarter {
  return {
    startIfAbsent(instanceId: string, input: PromotionInput) {
      return tracePromotionStart(instanceId, input, (traced) => startIfAbsent(instanceId, traced), (r) => r.status);
    },
  };

  async function startIfAbsent(instanceId: string, input: PromotionInput): Promise<StartedPromotion> {
    const statusLocation = locate(instanceId);
    if (await instanceExists(client, instanceId)) return { instanceId, status: "exists", statusLocation };
    try {
      await client.startNew(ORCHESTRATOR.promotion, { instanceId, input });
      return { instanceId, status: "started", statusLocation };
    } catch (error) {
      if (await instanceExists(client, instanceId)) return { instanceId, status: "exists", statusLocation };
      throw new Error(`cannot start promotion ${instanceId}`, { cause: error });
    }
  }
}
