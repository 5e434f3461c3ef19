import type { HttpResponseInit } from "@azure/functions";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { describePromotion } from "../durable/promotionView.js";
import { stagesLeftAtImage } from "../timeline/leftBehind.js";
import { findPromotion } from "./findPromotion.js";
import type { OpsDeps } from "./opsDeps.js";

/**
 * GET /api/promotions/{id}: one summary (outcome, or the running stage's step and what it waits
 * for), then the timeline and the audit trail. The id is said once: timeline entries and audit
 * records are all about this promotion, so they do not repeat it.
 */
export async function showPromotion(deps: OpsDeps, caller: Caller, id: string): Promise<HttpResponseInit> {
  requireRole(caller, "viewer");
  const status = await findPromotion(deps.client, id);
  const [summary, timeline, audit] = await Promise.all([
    describePromotion(deps.client, status, deps.locate(id)),
    deps.store.timeline.list(id),
    deps.store.audit.forTarget({ kind: "promotion", promotionId: id }),
  ]);
  return {
    status: 200,
    jsonBody: {
      ...summary,
      // What a failed or aborted promotion left behind: the stages now running its image.
      ...(summary.outcome && summary.outcome !== "succeeded" ? { leftAtImage: stagesLeftAtImage(timeline) } : {}),
      timeline: timeline.map((t) => ({ at: t.at, entry: t.entry })),
      audit: audit.map(({ target: _target, ...record }) => record),
    },
  };
}
