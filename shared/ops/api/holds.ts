import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { z } from "zod";
import { requireMethod } from "../../ingest/http/requestChecks.js";
import { parseWith } from "../../ingest/parse/schema.js";
import type { AuditTarget } from "../audit/auditLog.js";
import { requireRole } from "../auth/authenticate.js";
import type { Caller } from "../auth/roles.js";
import { describeScope, GLOBAL, type HoldScope } from "../holds/holdStore.js";
import { pipelineName, reasonField } from "../http/fields.js";
import { readJsonBody } from "../http/jsonBody.js";
import { Refusal } from "../http/refusal.js";
import { audited, requireRoleFor } from "./audited.js";
import { notifyRelease } from "./notifyRelease.js";
import type { OpsDeps } from "./opsDeps.js";

const reasonBody = z.object({ reason: reasonField });

/** /api/holds and /api/holds/{global|pipeline}: read, set (PUT) and release (DELETE) holds. */
export async function holdsCall(deps: OpsDeps, caller: Caller, request: HttpRequest, scopeParam: string | undefined): Promise<HttpResponseInit> {
  if (scopeParam === undefined) {
    requireMethod(request, ["GET"]);
    requireRole(caller, "viewer");
    return { status: 200, jsonBody: { holds: await deps.store.holds.listActive() } };
  }
  requireMethod(request, ["GET", "PUT", "DELETE"]);
  const scope = scopeFrom(scopeParam);
  if (request.method.toUpperCase() === "GET") {
    requireRole(caller, "viewer");
    const [hold, history, audit] = await Promise.all([deps.store.holds.active(scope), deps.store.holds.history(scope), deps.store.audit.forTarget(targetOf(scope))]);
    return { status: 200, jsonBody: { hold: hold ?? null, history, audit } };
  }
  const set = request.method.toUpperCase() === "PUT";
  const call = { caller, action: set ? "hold.set" : "hold.release", target: targetOf(scope) };
  await requireRoleFor(deps, call, "operator");
  const body = await readJsonBody(request, deps.maxBodyBytes, { optional: !set });
  const { reason } = parseWith(reasonBody, body ?? { reason: request.query.get("reason") ?? undefined }, "hold request");
  return set ? setHold(deps, { ...call, reason }, scope) : releaseHold(deps, { ...call, reason }, scope);
}

async function setHold(deps: OpsDeps, call: { caller: Caller; action: string; target: AuditTarget; reason: string }, scope: HoldScope) {
  const result = await audited(
    deps,
    call,
    () => {
      // A hold never waits for the pipelines file: with no valid configuration any well-formed
      // name is held (stopping the line must work while the file is broken).
      if (scope.scope === "pipeline" && deps.pipelines.knows(scope.pipeline) === false) throw new Refusal(404, `no pipeline named ${scope.pipeline}`);
      return Promise.resolve();
    },
    () => deps.store.holds.set(scope, call.caller.actor, call.reason),
  );
  return { status: result.replaced ? 200 : 201, jsonBody: { hold: result.hold, ...(result.replaced ? { replaced: result.replaced } : {}) } };
}

async function releaseHold(deps: OpsDeps, call: { caller: Caller; action: string; target: AuditTarget; reason: string }, scope: HoldScope) {
  const released = await audited(
    deps,
    call,
    async () => {
      if (!(await deps.store.holds.active(scope))) throw new Refusal(404, `no active ${describeScope(scope)} hold`);
    },
    async () => {
      const hold = await deps.store.holds.release(scope, call.caller.actor, call.reason);
      if (!hold) throw new Refusal(409, `the ${describeScope(scope)} hold was released by someone else just now`);
      return hold;
    },
  );
  const { notified, failed } = await notifyRelease(deps, call.caller, scope, call.reason);
  return { status: 200, jsonBody: { released, notified, ...(failed.length > 0 ? { notNotified: failed } : {}) } };
}

/** `global` is the global hold; anything else names a pipeline (so no pipeline can be called `global`). */
function scopeFrom(param: string): HoldScope {
  if (param === "global") return GLOBAL;
  const name = pipelineName.safeParse(param);
  if (!name.success) throw new Refusal(404, `no hold scope ${param}: use global or a pipeline name`);
  return { scope: "pipeline", pipeline: name.data };
}

function targetOf(scope: HoldScope): AuditTarget {
  return scope.scope === "global" ? { kind: "global" } : { kind: "pipeline", pipeline: scope.pipeline };
}
