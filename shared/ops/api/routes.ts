import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { requireMethod } from "../../ingest/http/requestChecks.js";
import type { Caller } from "../auth/roles.js";
import { doraCall } from "./doraCall.js";
import { holdsCall } from "./holds.js";
import { listPromotionsCall } from "./listPromotions.js";
import type { OpsDeps } from "./opsDeps.js";
import { pipelinesCall } from "./pipelinesCall.js";
import { promotionAction } from "./promotionAction.js";
import { showPromotion } from "./showPromotion.js";
import { startPromotion } from "./startPromotion.js";

/**
 * The ops routes, one handler per function. Methods are checked here (every method reaches the
 * door, so a wrong one gets 405 with Allow rather than the host's 404). Authentication comes
 * before the method check: an anonymous caller learns nothing about the API.
 */
export function promotionsRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["GET", "POST"]);
  return request.method.toUpperCase() === "GET" ? listPromotionsCall(deps, caller, request) : startPromotion(deps, caller, request);
}

export function promotionRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["GET"]);
  return showPromotion(deps, caller, request.params["id"] ?? "");
}

export function promotionActionRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["POST"]);
  return promotionAction(deps, caller, request, request.params["id"] ?? "", request.params["action"] ?? "");
}

export function holdsRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  return holdsCall(deps, caller, request, request.params["scope"]);
}

export function pipelinesRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  return pipelinesCall(deps, caller, request);
}

export function doraRoute(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  return doraCall(deps, caller, request);
}

/** GET /api/me: who the caller is and which roles they hold (the dashboard shows actions by role). */
export function meRoute(_deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["GET"]);
  return Promise.resolve({ status: 200, jsonBody: { actor: { id: caller.actor.id, name: caller.actor.name }, roles: [...caller.roles].sort() } });
}
