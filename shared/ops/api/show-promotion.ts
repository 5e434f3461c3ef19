import type { HttpResponseInit } from "@azure/functions";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { summarise } from "../durable/promotion-view.js";
import { findPromotion } from "./find-promotion.js";
import type { OpsDeps } from "./ops-deps.js";

/** GET /api/promotions/{id}: status, custom status, timeline and audit records. */
export async function showPromotion(deps: OpsDeps, caller: Caller, id: string): Promise<HttpResponseInit> {
  requireRole(caller, "viewer");
  const status = await findPromotion(deps.client, id);
  const [timeline, audit] = await Promise.all([deps.store.timeline.list(id), deps.store.audit.forTarget({ kind: "promotion", promotionId: id })]);
  return {
    status: 200,
    jsonBody: { ...summarise(status, deps.locate(id)), customStatus: status.customStatus ?? null, output: status.output ?? null, timeline, audit },
  };
}
