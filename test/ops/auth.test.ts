import { describe, expect, it } from "vitest";
import { createAuthenticator, requireRole } from "../../shared/ops/auth/authenticate.js";
import { callerFromPrincipal } from "../../shared/ops/auth/clientPrincipal.js";
import { matchOpsKey, parseOpsKeys } from "../../shared/ops/auth/opsKeys.js";
import { Refusal } from "../../shared/ops/http/refusal.js";
import { readOpsSettings } from "../../shared/ops/settings.js";
import { KEY, MemorySecrets, OPERATOR, OPS_KEYS, OPS_KEYS_TEXT, principalHeaders, VIEWER } from "./support.js";

const headers = (values: Record<string, string>) => new Headers(values);

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a Refusal, got ${String(error)}`);
  return { status: error.status, message: error.message };
}

describe("App Service Authentication principal", () => {
  it("takes roles from claims typed role_typ, the id from the oid claim and the name from the header", () => {
    const caller = callerFromPrincipal(headers(principalHeaders({ oid: "oid-1", name: "Alice", roles: ["operator", "approver", "admin"], roleType: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role" })));
    expect(caller?.actor).toEqual({ id: "oid-1", name: "alice@contoso.example", via: "principal" });
    expect([...(caller?.roles ?? [])].sort()).toEqual(["approver", "operator"]);
  });

  it("falls back to the principal id header and the name claim", () => {
    const principal = Buffer.from(JSON.stringify({ auth_typ: "aad", claims: [{ typ: "name", val: "Bob" }, { typ: "roles", val: "viewer" }] })).toString("base64");
    const caller = callerFromPrincipal(headers({ "x-ms-client-principal": principal, "x-ms-client-principal-id": "id-from-header" }));
    expect(caller?.actor).toEqual({ id: "id-from-header", name: "Bob", via: "principal" });
    expect([...(caller?.roles ?? [])]).toEqual(["viewer"]);
  });

  it("is absent without the header and refuses one that is not base64 JSON or has no identity", () => {
    expect(callerFromPrincipal(headers({}))).toBeUndefined();
    expect(() => callerFromPrincipal(headers({ "x-ms-client-principal": "not json" }))).toThrow(/base64-encoded JSON/);
    const anonymous = Buffer.from(JSON.stringify({ claims: [{ typ: "roles", val: "operator" }] })).toString("base64");
    expect(() => callerFromPrincipal(headers({ "x-ms-client-principal": anonymous }))).toThrow(/no identity/);
  });
});

describe("named ops keys", () => {
  it("parses name=key lines, skipping comments and blanks", () => {
    expect(parseOpsKeys(OPS_KEYS_TEXT).map((k) => k.name)).toEqual(["release-bot", "ci"]);
  });

  it("names the bad line without echoing it", () => {
    const error = (() => {
      try {
        parseOpsKeys("ci=k-ci-fedcba9876543210\nsupersecretvaluewithoutname\n");
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/BATON_OPS_KEYS line 2/);
    expect(error?.message).not.toContain("supersecret");
  });

  it("matches the presented key to its name", () => {
    const keys = parseOpsKeys(OPS_KEYS_TEXT);
    expect(matchOpsKey(OPS_KEYS.ci, keys)).toBe("ci");
    expect(matchOpsKey("k-ci-fedcba987654321", keys)).toBeUndefined();
    expect(matchOpsKey("", keys)).toBeUndefined();
  });
});

describe("authenticating ops callers", () => {
  const secrets = () => new MemorySecrets({ BATON_OPS_KEYS: OPS_KEYS_TEXT });

  it("accepts a trusted principal and a named key (operator and viewer, named after the key)", async () => {
    const authenticate = createAuthenticator({ secrets: secrets(), trustPrincipal: true });
    expect((await authenticate({ headers: headers(OPERATOR) })).actor.name).toBe("olga@contoso.example");
    const keyCaller = await authenticate({ headers: headers(KEY) });
    expect(keyCaller.actor).toEqual({ id: "key:release-bot", name: "release-bot", via: "key:release-bot" });
    expect([...keyCaller.roles].sort()).toEqual(["operator", "viewer"]);
  });

  it("ignores the principal header unless App Service Authentication is trusted to set it", async () => {
    const authenticate = createAuthenticator({ secrets: secrets(), trustPrincipal: false });
    expect(await refusal(authenticate({ headers: headers(OPERATOR) }))).toMatchObject({ status: 401 });
  });

  it("answers 401 for no credentials and for a wrong key, re-reading the keys once for a rotation", async () => {
    const source = secrets();
    const authenticate = createAuthenticator({ secrets: source, trustPrincipal: true });
    expect(await refusal(authenticate({ headers: headers({}) }))).toMatchObject({ status: 401, message: expect.stringMatching(/authentication required/) as string });
    const wrong = await refusal(authenticate({ headers: headers({ "x-functions-key": "guess-guess-guess-guess" }) }));
    expect(wrong).toMatchObject({ status: 401 });
    expect(wrong.message).not.toContain("guess");
    expect(source.refreshes).toBe(1);
    // No keys configured at all: still 401, never a 5xx.
    const none = createAuthenticator({ secrets: new MemorySecrets({}), trustPrincipal: false });
    expect(await refusal(none({ headers: headers(KEY) }))).toMatchObject({ status: 401 });
  });

  it("answers 403 for a missing role; viewers read, operators and approvers too", async () => {
    const authenticate = createAuthenticator({ secrets: secrets(), trustPrincipal: true });
    const viewer = await authenticate({ headers: headers(VIEWER) });
    expect(() => requireRole(viewer, "viewer")).not.toThrow();
    expect(() => requireRole(viewer, "operator")).toThrow(expect.objectContaining({ status: 403 }) as Error);
    const operator = await authenticate({ headers: headers(OPERATOR) });
    expect(() => requireRole(operator, "viewer")).not.toThrow();
    expect(() => requireRole(operator, "approver")).toThrow(/approver role/);
  });
});

describe("ops settings", () => {
  it("trusts the principal when App Service Authentication is on, unless told otherwise", () => {
    expect(readOpsSettings({}).trustPrincipal).toBe(false);
    expect(readOpsSettings({ WEBSITE_AUTH_ENABLED: "True" }).trustPrincipal).toBe(true);
    expect(readOpsSettings({ WEBSITE_AUTH_ENABLED: "True", BATON_OPS_TRUST_PRINCIPAL: "false" }).trustPrincipal).toBe(false);
    expect(readOpsSettings({}).maxBodyBytes).toBe(16384);
  });

  it("names the setting that is wrong", () => {
    expect(() => readOpsSettings({ BATON_OPS_TRUST_PRINCIPAL: "yes" })).toThrow(/BATON_OPS_TRUST_PRINCIPAL must be true or false/);
    expect(() => readOpsSettings({ BATON_OPS_MAX_BODY_BYTES: "-1" })).toThrow(/BATON_OPS_MAX_BODY_BYTES/);
  });
});
