// Credentials for ops tests: principal headers as App Service Authentication sends them, named keys.
import type { SecretSource } from "../../shared/config/secrets.js";

export const OPS_KEYS = { "release-bot": "k-release-bot-0123456789abcdef", ci: "k-ci-fedcba9876543210" };
export const OPS_KEYS_TEXT = `# ops keys\n${Object.entries(OPS_KEYS).map(([n, k]) => `${n}=${k}`).join("\n")}\n`;

export interface PrincipalOptions {
  oid: string;
  name: string;
  roles: string[];
  roleType?: string;
}

/** The headers App Service Authentication adds for a signed-in Entra user. */
export function principalHeaders(p: PrincipalOptions): Record<string, string> {
  const roleType = p.roleType ?? "roles";
  const principal = {
    auth_typ: "aad",
    name_typ: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    role_typ: roleType,
    claims: [
      { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: p.oid },
      { typ: "name", val: p.name },
      ...p.roles.map((r) => ({ typ: roleType, val: r })),
    ],
  };
  return {
    "x-ms-client-principal": Buffer.from(JSON.stringify(principal)).toString("base64"),
    "x-ms-client-principal-id": p.oid,
    "x-ms-client-principal-name": `${p.name.toLowerCase()}@contoso.example`,
  };
}

export const OPERATOR = principalHeaders({ oid: "11111111-aaaa-4bbb-8ccc-000000000001", name: "Olga", roles: ["operator"] });
export const APPROVER = principalHeaders({ oid: "22222222-aaaa-4bbb-8ccc-000000000002", name: "Arjun", roles: ["approver"] });
export const VIEWER = principalHeaders({ oid: "33333333-aaaa-4bbb-8ccc-000000000003", name: "Vera", roles: ["viewer"] });
export const KEY = { "x-functions-key": OPS_KEYS["release-bot"] };

/** A SecretSource over a map that counts refreshes (a rotation re-read). */
export class MemorySecrets implements SecretSource {
  refreshes = 0;
  constructor(readonly values: Record<string, string | undefined>) {}
  get(name: string): Promise<string | undefined> {
    return Promise.resolve(this.values[name]);
  }
  refresh(name: string): Promise<string | undefined> {
    this.refreshes++;
    return this.get(name);
  }
}
