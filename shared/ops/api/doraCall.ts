import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { requireMethod } from "../../ingest/http/requestChecks.js";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { foldHistories } from "../dora/history.js";
import { computeDora } from "../dora/metrics.js";
import { pipelineName } from "../http/fields.js";
import { Refusal } from "../http/refusal.js";
import type { OpsDeps } from "./opsDeps.js";
import { knownPipelines } from "./knownPipelines.js";

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
/** How far before the period a promotion may have started and still be Ready at prod inside it. */
const LOOKBACK_MS = 30 * DAY_MS;

/** GET /api/dora?since=&until=&pipeline=: the DORA measures from Baton's own timeline. */
export async function doraCall(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  requireMethod(request, ["GET"]);
  requireRole(caller, "viewer");
  const q = request.query;
  const now = deps.now();
  const to = timeParam(q, "until", now) ?? now;
  const from = timeParam(q, "since", now) ?? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (from >= to) throw new Refusal(400, "since must be before until");
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw new Refusal(400, `the period may be at most ${MAX_DAYS} days`);
  const pipeline = q.get("pipeline") || undefined;
  if (pipeline && !pipelineName.safeParse(pipeline).success) throw new Refusal(400, "pipeline must be 1-40 lower-case letters, digits or dashes");
  const known = await knownPipelines(deps.pipelines);
  if (pipeline && !known.unavailable && !known.names.has(pipeline)) throw new Refusal(404, `no pipeline named ${pipeline}`);
  const records = await deps.store.timeline.between(new Date(from.getTime() - LOOKBACK_MS), to);
  const histories = foldHistories(records).filter((h) => !pipeline || h.pipeline === pipeline);
  const report = computeDora(histories, { from, to }, (name) => known.stages.get(name)?.at(-1));
  return { status: 200, jsonBody: pipeline ? { ...report, pipelines: report.pipelines.filter((p) => p.pipeline === pipeline) } : report };
}

function timeParam(q: URLSearchParams, name: string, now: Date): Date | undefined {
  const value = q.get(name);
  if (!value) return undefined;
  const relative = /^(\d{1,3})d$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * DAY_MS);
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Refusal(400, `${name} must be an ISO 8601 time or a number of days such as 7d`);
  return time;
}
