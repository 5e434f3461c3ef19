import type { HttpResponseInit } from "@azure/functions";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { readStatus } from "../durable/opsClient.js";
import { customStatusOf, summarise } from "../durable/promotionView.js";
import { findPromotion } from "./findPromotion.js";
import type { OpsDeps } from "./opsDeps.js";

/** GET /api/promotions/{id}: status, custom status, timeline and audit records. */
export async function showPromotion(deps: OpsDeps, caller: Caller, id: string): Promise<HttpResponseInit> {
  requireRole(caller, "viewer");
  const status = await findPromotion(deps.client, id);
  // While a stage runs, the promotion only says which; the stage says what it waits for.
  const stageInstance = customStatusOf(status)?.stageInstanceId;
  const [timeline, audit, stage] = await Promise.all([
    deps.store.timeline.list(id),
    deps.store.audit.forTarget({ kind: "promotion", promotionId: id }),
    stageInstance ? readStatus(deps.client, stageInstance) : Promise.resolve(undefined),
  ]);
  const stageStatus = stage ? customStatusOf(stage) : undefined;
  const summary = summarise(status, deps.locate(id));
  return {
    status: 200,
    jsonBody: {
      ...summary,
      ...(stageStatus ? { step: stageStatus.step ?? summary.step, waitingFor: stageStatus.waitingFor ?? null, since: stageStatus.since ?? null, deadline: stageStatus.deadline ?? null } : {}),
      customStatus: status.customStatus ?? null,
      stageStatus: stageStatus ?? null,
      output: status.output ?? null,
      timeline,
      audit,
    },
  };
}
