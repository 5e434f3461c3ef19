import type { HttpRequest } from "@azure/functions";
import type { SecretSource } from "../../config/secrets.js";
import { Refusal } from "../http/refusal.js";
import { callerFromPrincipal } from "./clientPrincipal.js";
import { findOpsKey, OPS_KEYS_SECRET, parseOpsKeys, type OpsKey } from "./opsKeys.js";
import { holdsRole, type Caller, type Role } from "./roles.js";

/** Header carrying a named ops key: the Functions convention, never `?code=` (URLs end up in logs). */
export const OPS_KEY_HEADER = "x-functions-key";

export type Authenticate = (request: Pick<HttpRequest, "headers">) => Promise<Caller>;

export interface AuthOptions {
  secrets: SecretSource;
  /** Whether `x-ms-client-principal` comes from App Service Authentication (see settings). */
  trustPrincipal: boolean;
}

/**
 * Who is calling: the App Service principal when trusted and present, otherwise a named ops key
 * (its roles, operator and viewer by default; the actor is its identity, else `key:<name>`).
 * Neither: 401.
 */
export function createAuthenticator(options: AuthOptions): Authenticate {
  return async (request) => {
    if (options.trustPrincipal) {
      const caller = callerFromPrincipal(request.headers);
      if (caller) return caller;
    }
    const presented = request.headers.get(OPS_KEY_HEADER)?.trim();
    if (!presented) throw new Refusal(401, `authentication required: sign in, or send a named ops key in ${OPS_KEY_HEADER}`);
    const key = (await keyFor(options.secrets, presented, "get")) ?? (await keyFor(options.secrets, presented, "refresh"));
    if (!key) throw new Refusal(401, `the ${OPS_KEY_HEADER} key is not valid`);
    const via = `key:${key.name}` as const;
    return { actor: { id: key.identity ?? via, name: key.identity ?? key.name, via }, roles: new Set<Role>(key.roles) };
  };
}

/** Looks the key up; on a miss the caller re-reads the secret once (a key just added in the vault). */
async function keyFor(secrets: SecretSource, presented: string, how: "get" | "refresh"): Promise<OpsKey | undefined> {
  const text = await secrets[how](OPS_KEYS_SECRET);
  return text ? findOpsKey(presented, parseOpsKeys(text)) : undefined;
}

/** 403 unless the caller holds the role (viewers: also operators and approvers). */
export function requireRole(caller: Caller, role: Role): void {
  if (!holdsRole(caller, role)) throw new Refusal(403, `this needs the ${role} role`);
}
