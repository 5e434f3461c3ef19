import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { decodeCursor, encodeCursor, listPromotions, type PromotionQuery } from "../durable/listPromotions.js";
import { RUNTIME_STATUSES, type RuntimeStatusName } from "../durable/opsClient.js";
import { PROMOTION_OUTCOMES, type PromotionOutcome } from "../durable/promotionView.js";
import { pipelineName } from "../http/fields.js";
import { Refusal } from "../http/refusal.js";
import type { OpsDeps } from "./opsDeps.js";

const DEFAULT_TOP = 50;
const MAX_TOP = 500;

/**
 * GET /api/promotions?pipeline=&outcome=failed,rolled-back&status=Running&since=&until=&top=&continuation=
 * `outcome` is how a finished promotion ended; `status` is the durable runtime status.
 */
export async function listPromotionsCall(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireRole(caller, "viewer");
  const query = queryFrom(request.query);
  const page = await listPromotions(deps.client, query, deps.locate);
  const continuation = page.next ? encodeCursor(page.next) : undefined;
  return {
    status: 200,
    headers: continuation ? { "x-ms-continuation-token": continuation } : {},
    jsonBody: { promotions: page.promotions, ...(continuation ? { continuation } : {}) },
  };
}

function queryFrom(q: URLSearchParams): PromotionQuery {
  const pipeline = q.get("pipeline") || undefined;
  if (pipeline && !pipelineName.safeParse(pipeline).success) throw new Refusal(400, "pipeline must be 1-40 lower-case letters, digits or dashes");
  const statuses = listParam(q, "status").map(statusName);
  const outcomes = listParam(q, "outcome").map(outcomeName);
  const since = timeParam(q, "since");
  const until = timeParam(q, "until");
  const top = q.get("top") ? Number(q.get("top")) : DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw new Refusal(400, `top must be an integer from 1 to ${MAX_TOP}`);
  const token = q.get("continuation");
  const after = token ? decodeCursor(token) : undefined;
  if (token && !after) throw new Refusal(400, "continuation is not a token this API returned");
  return { ...(pipeline ? { pipeline } : {}), statuses, outcomes, ...(since ? { since } : {}), ...(until ? { until } : {}), top, ...(after ? { after } : {}) };
}

/** Statuses are matched case-insensitively, answered as the Durable API spells them. */
function statusName(value: string): RuntimeStatusName {
  const name = RUNTIME_STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!name) throw new Refusal(400, `status must be a comma-separated list of ${RUNTIME_STATUSES.join(", ")}`);
  return name;
}

function outcomeName(value: string): PromotionOutcome {
  const name = PROMOTION_OUTCOMES.find((o) => o === value.toLowerCase().replace(/[ _]/g, "-"));
  if (!name) throw new Refusal(400, `outcome must be a comma-separated list of ${PROMOTION_OUTCOMES.join(", ")}`);
  return name;
}

function listParam(q: URLSearchParams, name: string): string[] {
  return (q.get(name) ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

function timeParam(q: URLSearchParams, name: string): Date | undefined {
  const value = q.get(name);
  if (!value) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Refusal(400, `${name} must be an ISO 8601 time`);
  return time;
}
