import { z } from "zod";
import { Refusal } from "../http/refusal.js";
import { ROLES, type Caller, type Role } from "./roles.js";

/**
 * App Service Authentication ("Easy Auth") forwards the signed-in user as `x-ms-client-principal`:
 * base64 of `{auth_typ, claims: [{typ, val}], name_typ, role_typ}`. Roles are the claims whose
 * `typ` equals `role_typ` (Entra app roles: `roles`). The platform strips this header from
 * incoming requests, which is the only reason it can be trusted (see BATON_OPS_TRUST_PRINCIPAL).
 */
const principalSchema = z.object({
  auth_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })).default([]),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
});

const OID_CLAIMS = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

export interface PrincipalHeaders {
  get(name: string): string | null;
}

/** The caller described by the principal headers; undefined when there is no principal header. */
export function callerFromPrincipal(headers: PrincipalHeaders): Caller | undefined {
  const encoded = headers.get("x-ms-client-principal")?.trim();
  if (!encoded) return undefined;
  const principal = decode(encoded);
  const roleType = principal.role_typ ?? "roles";
  const claim = (typ: string) => principal.claims.find((c) => c.typ === typ)?.val;
  // The object id is what approvals count (distinct people), so it wins over the header id.
  const id = OID_CLAIMS.map(claim).find((v) => v) ?? headers.get("x-ms-client-principal-id")?.trim();
  if (!id) throw new Refusal(401, "the client principal carries no identity (no oid claim or x-ms-client-principal-id)");
  const name = headers.get("x-ms-client-principal-name")?.trim() || (principal.name_typ && claim(principal.name_typ)) || claim("name") || id;
  const roles = new Set<Role>(
    principal.claims.filter((c) => c.typ === roleType).flatMap((c) => (ROLES as readonly string[]).includes(c.val) ? [c.val as Role] : []),
  );
  return { actor: { id, name, via: "principal" }, roles };
}

function decode(encoded: string): z.infer<typeof principalSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as unknown;
  } catch {
    throw new Refusal(401, "x-ms-client-principal is not base64-encoded JSON");
  }
  const parsed = principalSchema.safeParse(raw);
  if (!parsed.success) throw new Refusal(401, "x-ms-client-principal does not have the App Service Authentication shape");
  return parsed.data;
}
