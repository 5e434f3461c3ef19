// Issue 10 point 4: no sample or default trusts a forged `x-ms-client-principal`; trusting it
// without App Service Authentication is refused at start unless the host listens on loopback only;
// the walkthrough's approver is a named ops key that carries the approver role and an identity.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startHost } from "../../local/host.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { APPROVER_KEY, instanceIds, OPERATOR_KEY, tableRows, useDoorsWorld } from "./doorsWorld.js";

const PIPELINES = { pipelines: [{ name: "web", source: { registry: "ghcr.io", repository: "acme/web", tags: { kind: "regex", pattern: "awaiting.*" } } }] };
const world = useDoorsWorld("sectrust", { BATON_PIPELINES: JSON.stringify(PIPELINES), BATON_OPS_TRUST_PRINCIPAL: "" });

/** A principal header claiming every role, as anyone can write one. */
function forged(): Record<string, string> {
  const claims = ["operator", "approver", "viewer"].map((val) => ({ typ: "roles", val }));
  const principal = Buffer.from(JSON.stringify({ auth_typ: "aad", claims: [...claims, { typ: "oid", val: "00000000-0000-0000-0000-0000000bad00" }], role_typ: "roles" })).toString("base64");
  return { "x-ms-client-principal": principal, "x-ms-client-principal-id": "00000000-0000-0000-0000-0000000bad00", "x-ms-client-principal-name": "mallory@example.com" };
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await world.host().fetch(path, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.text()) || undefined };
}

describe("a forged client principal", () => {
  it("is not believed: no hold, no promotion, no vote (401), and nothing changes", async () => {
    const host = world.host();
    const instances = await instanceIds(host);
    const rows = await tableRows(world.connectionString(), world.prefix);
    const image = { registry: "ghcr.io", repository: "acme/web", tag: "awaiting-approval-1", digest: `sha256:${"b".repeat(64)}` };
    expect((await call("PUT", "/api/holds/global", forged(), { reason: "forged" })).status).toBe(401);
    expect((await call("POST", "/api/promotions", forged(), { pipeline: "web", image, reason: "forged" })).status).toBe(401);
    expect((await call("POST", "/api/promotions/promo-x/approve", forged(), { reason: "forged" })).status).toBe(401);
    await host.settle();
    expect(await instanceIds(host)).toEqual(instances);
    expect(await tableRows(world.connectionString(), world.prefix)).toEqual(rows);
  });

  it("is not trusted by the sample settings", () => {
    const sample = JSON.parse(readFileSync("local.settings.sample.json", "utf8")) as { Values: Record<string, string> };
    expect(sample.Values.BATON_OPS_TRUST_PRINCIPAL ?? "").not.toBe("true");
  });
});

describe("the approver key", () => {
  it("votes as its identity with the approver role; the operator key cannot", async () => {
    const host = world.host();
    const image = { registry: "ghcr.io", repository: "acme/web", tag: "awaiting-approval-1", digest: `sha256:${"c".repeat(64)}` };
    const started = await call("POST", "/api/promotions", { "x-functions-key": OPERATOR_KEY }, { pipeline: "web", image, reason: "test" });
    expect(started.status, started.body).toBe(202);
    const id = (JSON.parse(started.body ?? "{}") as { id: string }).id;
    await host.settle();
    expect((await call("POST", `/api/promotions/${id}/approve`, { "x-functions-key": OPERATOR_KEY }, { reason: "lgtm" })).status).toBe(403);
    expect((await call("POST", `/api/promotions/${id}/approve`, { "x-functions-key": APPROVER_KEY }, { reason: "CHG-1" })).status).toBe(202);
    await host.settle();
    const received = ((await host.status(stageInstanceId(id, "dev"))).customStatus as { received: { voterId?: string }[] }).received;
    expect(received.map((v) => v.voterId)).toEqual(["ada@example.com"]);
  });
});

describe("BATON_OPS_TRUST_PRINCIPAL=true", () => {
  async function tryStart(hostname: string, env: Record<string, string>): Promise<unknown> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const dataDir = mkdtempSync(join(tmpdir(), "baton-trust-"));
    try {
      const host = await startHost({ appDir: ".", entry: ["functions/opsStartup.ts"], port: 0, hostname, dataDir, localSettings: false, azurite: false, log: () => undefined });
      await host.stop();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      process.env = saved;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it("is refused at start without App Service Authentication on a host reachable from the network", async () => {
    const error = await tryStart("0.0.0.0", { BATON_OPS_TRUST_PRINCIPAL: "true", WEBSITE_AUTH_ENABLED: "" });
    expect(String(error)).toMatch(/BATON_OPS_TRUST_PRINCIPAL=true is refused/);
  });

  it("starts with App Service Authentication, or on loopback only", async () => {
    expect(await tryStart("0.0.0.0", { BATON_OPS_TRUST_PRINCIPAL: "true", WEBSITE_AUTH_ENABLED: "true" })).toBeUndefined();
    expect(await tryStart("127.0.0.1", { BATON_OPS_TRUST_PRINCIPAL: "true", WEBSITE_AUTH_ENABLED: "" })).toBeUndefined();
  });
});
