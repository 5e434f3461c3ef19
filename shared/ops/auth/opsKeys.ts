import { secretsEqual } from "../../ingest/verify/constantTime.js";
import { ROLES, type Role } from "./roles.js";

/**
 * The secret holding the named ops keys, one per line (`#` starts a comment):
 * `name=key` (operator and viewer, the actor is `key:<name>`), or
 * `name:roles=key` / `name:roles:identity=key` with roles from operator, approver, viewer joined by
 * `+`, and the identity (an Entra object id or UPN) the key acts as: what approval policies and
 * separation of duties compare. An approver key is how a person votes without App Service
 * Authentication (the local walkthrough, a break-glass path).
 */
export const OPS_KEYS_SECRET = "BATON_OPS_KEYS";

export interface OpsKey {
  name: string;
  key: string;
  roles: readonly Role[];
  /** Who the key acts as; undefined: `key:<name>`. */
  identity?: string;
}

const keyName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const identityText = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
const DEFAULT_ROLES: readonly Role[] = ["operator", "viewer"];

/**
 * Parses the named keys. A malformed line is a configuration error: the message names the line
 * number and never its content, which may hold a key.
 */
export function parseOpsKeys(text: string): OpsKey[] {
  const keys: OpsKey[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const at = trimmed.indexOf("=");
    const [name = "", roleText, identity, ...extra] = trimmed.slice(0, Math.max(at, 0)).trim().split(":");
    const key = trimmed.slice(at + 1).trim();
    const roles = roleText === undefined ? DEFAULT_ROLES : roleText.split("+").map((r) => r.trim());
    const rolesOk = roles.length > 0 && roles.every((r) => (ROLES as readonly string[]).includes(r));
    const identityOk = identity === undefined || identityText.test(identity);
    if (at <= 0 || !keyName.test(name) || key.length < 16 || !rolesOk || !identityOk || extra.length > 0) {
      throw new Error(
        `${OPS_KEYS_SECRET} line ${index + 1}: expected name=key or name:roles[:identity]=key ` +
          "(name: letters, digits, . _ -; roles: operator, approver, viewer joined by +; key: at least 16 characters)",
      );
    }
    keys.push({ name, key, roles: roles as Role[], ...(identity !== undefined ? { identity } : {}) });
  });
  return keys;
}

/** The key presented, compared in constant time against every key (no early exit). */
export function findOpsKey(presented: string, keys: readonly OpsKey[]): OpsKey | undefined {
  const matches = keys.map((k) => (secretsEqual(presented, k.key) ? k : undefined));
  return matches.find((k) => k !== undefined);
}

/** The name of the key presented (see findOpsKey). */
export function matchOpsKey(presented: string, keys: readonly OpsKey[]): string | undefined {
  return findOpsKey(presented, keys)?.name;
}
