import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { z } from "zod";
import { parseWith } from "../../ingest/parse/schema.js";
import type { Caller } from "../auth/roles.js";
import { readJsonBody } from "../http/jsonBody.js";
import { reasonField, stageName } from "../http/fields.js";
import { Refusal } from "../http/refusal.js";
import { requireRoleFor } from "./audited.js";
import { castVote } from "./castVote.js";
import type { OpsDeps } from "./opsDeps.js";
import { pauseOrResume } from "./pauseResume.js";
import { sendCommand } from "./sendCommand.js";

const ACTIONS = ["pause", "resume", "retry", "skip", "rollback", "abort", "promote", "approve", "reject"] as const;
type Action = (typeof ACTIONS)[number];

const commandBody = z.object({ reason: reasonField, stage: stageName.optional(), gate: stageName.optional() });
const voteBody = z.object({ reason: reasonField.optional(), stage: stageName.optional() });

/** POST /api/promotions/{id}/{action}: the operator's and approver's verbs on one promotion. */
export async function promotionAction(deps: OpsDeps, caller: Caller, request: HttpRequest, id: string, actionName: string): Promise<HttpResponseInit> {
  const action = ACTIONS.find((a) => a === actionName);
  if (!action) throw new Refusal(404, `no action ${actionName}; use ${ACTIONS.join(", ")}`);
  const vote = action === "approve" || action === "reject";
  await requireRoleFor(deps, { caller, action: `promotion.${action}`, target: { kind: "promotion", promotionId: id } }, vote ? "approver" : "operator");
  const raw = await readJsonBody(request, deps.maxBodyBytes);
  if (vote) {
    const body = parseWith(action === "reject" ? commandBody.omit({ gate: true }) : voteBody, raw, `${action} request`);
    return castVote(deps, caller, id, { decision: action, ...body });
  }
  const body = parseWith(commandBody, raw, `${action} request`);
  if (body.gate && action !== "skip") throw new Refusal(400, `invalid ${action} request: gate: only skip takes a gate`);
  return dispatch(deps, caller, id, action, body);
}

function dispatch(deps: OpsDeps, caller: Caller, id: string, action: Exclude<Action, "approve" | "reject">, body: z.infer<typeof commandBody>) {
  switch (action) {
    case "pause":
    case "resume":
      return pauseOrResume(deps, caller, id, action, body.reason);
    default:
      return sendCommand(deps, caller, id, { command: action, ...body });
  }
}
