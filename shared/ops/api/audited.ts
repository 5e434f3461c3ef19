import { Rejection } from "../../ingest/http/rejection.js";
import type { AuditOutcome, AuditTarget } from "../audit/auditLog.js";
import { requireRole } from "../auth/authenticate.js";
import { holdsRole, type Caller, type Role } from "../auth/roles.js";
import { Refusal } from "../http/refusal.js";
import type { OpsDeps } from "./opsDeps.js";

export interface AuditedCall {
  caller: Caller;
  action: string;
  target: AuditTarget;
}

/**
 * 403 unless the caller holds the role; a denied attempt at a mutation is recorded too (the
 * reason is unknown: the body is not read for someone who may not act).
 */
export async function requireRoleFor(deps: OpsDeps, call: AuditedCall, role: Role): Promise<void> {
  if (holdsRole(call.caller, role)) return;
  await write(deps, call, "", "denied", deps.newId(), `needs the ${role} role`);
  requireRole(call.caller, role);
}

/**
 * Runs a mutation as record-then-act: `check` reads state and may refuse (404/409, recorded as
 * refused); then the accepted record is written, and only then `act` runs. If `act` fails, a
 * second record says so. Nothing a person asks for happens without a record.
 */
export async function audited<C, R>(
  deps: OpsDeps,
  call: AuditedCall & { reason: string },
  check: () => Promise<C>,
  act: (checked: C, auditId: string) => Promise<R>,
  describe: (checked: C) => string | undefined = () => undefined,
): Promise<R> {
  const id = deps.newId();
  let checked: C;
  try {
    checked = await check();
  } catch (error) {
    if (isRefusal(error)) await write(deps, call, call.reason, "refused", id, error.message);
    throw error;
  }
  await write(deps, call, call.reason, "accepted", id, describe(checked));
  try {
    return await act(checked, id);
  } catch (error) {
    const refused = isRefusal(error);
    // The original error is what the caller needs; a failed follow-up record only gets logged by it.
    await write(deps, call, call.reason, refused ? "refused" : "failed", `${id}.outcome`, refused ? error.message : "could not be carried out").catch(() => undefined);
    throw error;
  }
}

function isRefusal(error: unknown): error is Refusal | Rejection {
  return error instanceof Refusal || error instanceof Rejection;
}

function write(deps: OpsDeps, call: AuditedCall, reason: string, outcome: AuditOutcome, id: string, detail?: string): Promise<void> {
  return deps.store.audit.record({
    id,
    at: deps.now().toISOString(),
    actor: call.caller.actor,
    action: call.action,
    target: call.target,
    reason,
    outcome,
    ...(detail ? { detail } : {}),
  });
}
