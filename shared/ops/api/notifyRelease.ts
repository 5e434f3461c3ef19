import { OrchestrationRuntimeStatus } from "durable-functions";
import { EVENT, type OpsCommandPayload } from "../../durable/events.js";
import { describeActor } from "../actor.js";
import type { Caller } from "../auth/roles.js";
import { belongsToPipeline, isPromotion } from "../durable/promotionIds.js";
import type { HoldScope } from "../holds/holdStore.js";
import type { OpsDeps } from "./opsDeps.js";

const live = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

/**
 * After a release, tells every live promotion the hold covered to re-check its holds now instead
 * of at its next timer. A promotion that is not waiting on a hold ignores the event when it next
 * listens for commands. One unreachable instance does not stop the others.
 */
export async function notifyRelease(deps: OpsDeps, caller: Caller, scope: HoldScope, reason: string): Promise<{ notified: string[]; failed: string[] }> {
  const statuses = await deps.client.getStatusBy({ runtimeStatus: live });
  const ids = statuses.filter((s) => isPromotion(s) && (scope.scope === "global" || belongsToPipeline(s.instanceId, scope.pipeline))).map((s) => s.instanceId);
  const payload: OpsCommandPayload = { command: "release", actor: describeActor(caller.actor), reason, at: deps.now().toISOString() };
  const results = await Promise.allSettled(ids.map((id) => deps.client.raiseEvent(id, EVENT.opsCommand, payload)));
  return {
    notified: ids.filter((_, i) => results[i]?.status === "fulfilled"),
    failed: ids.filter((_, i) => results[i]?.status === "rejected"),
  };
}
