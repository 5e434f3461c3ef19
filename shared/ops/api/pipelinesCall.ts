import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { OrchestrationRuntimeStatus, type OrchestrationFilter } from "durable-functions";
import { requireMethod } from "../../ingest/http/requestChecks.js";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { isPromotion } from "../durable/promotionIds.js";
import { describePromotion } from "../durable/promotionView.js";
import { pipelinesView } from "../pipelinesView/pipelinesView.js";
import { viewHistories } from "../pipelinesView/viewHistories.js";
import { knownPipelines } from "./knownPipelines.js";
import type { OpsDeps } from "./opsDeps.js";

/** GET /api/pipelines: every pipeline's stages, versions, promotions in flight and holds. */
export async function pipelinesCall(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["GET"]);
  requireRole(caller, "viewer");
  const live: OrchestrationFilter & { showInput: boolean } = {
    runtimeStatus: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
    showInput: true,
  };
  const [statuses, holds, known] = await Promise.all([deps.client.getStatusBy(live), deps.store.holds.listActive(), knownPipelines(deps.pipelines)]);
  // Newest first, only as far back as the view needs (viewHistories.ts), not the whole table.
  const histories = await viewHistories(deps.store.timeline, known, deps.now());
  const inFlight = await Promise.all(statuses.filter(isPromotion).map((s) => describePromotion(deps.client, s, deps.locate(s.instanceId))));
  inFlight.sort((a, b) => b.createdTime.localeCompare(a.createdTime));
  const pipelines = pipelinesView({ names: [...known.names], stages: known.stages, histories, live: inFlight, holds });
  return { status: 200, jsonBody: { pipelines, holds, ...(known.unavailable ? { configuration: known.unavailable } : {}) } };
}
