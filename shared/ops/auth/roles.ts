import type { Actor } from "../actor.js";

/**
 * Ops API roles (App roles in Entra, surfaced by App Service Authentication as `roles` claims):
 * operators change promotions and holds, approvers vote, viewers read. Operators and approvers
 * can read too.
 */
export type Role = "operator" | "approver" | "viewer";

export const ROLES: readonly Role[] = ["operator", "approver", "viewer"];

/** An authenticated caller of the ops API. */
export interface Caller {
  actor: Actor;
  roles: ReadonlySet<Role>;
}

export function holdsRole(caller: Caller, role: Role): boolean {
  if (caller.roles.has(role)) return true;
  return role === "viewer" && (caller.roles.has("operator") || caller.roles.has("approver"));
}
