// Issue 10 point 13: an Entra bearer token on the Event Grid door must come from Event Grid's own
// application (appid in v1 tokens, azp in v2), not merely name our tenant and audience: any other
// client of the tenant that can get a token for our audience is refused and starts nothing.
// Real RS256 tokens checked by the door's real verifier (jose), on the real door handler.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTVerifyGetKey } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createEventGridHttpHandler } from "../../shared/ingest/handlers/eventGridHttp.js";
import { createEntraTokenVerifier, EVENT_GRID_APP_ID } from "../../shared/ingest/verify/bearerToken.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { context, request, world } from "../ingest/world.js";

const tenant = "11111111-2222-3333-4444-555555555555";
const audience = "api://baton";

/** The door with a verifier whose signing keys come from `keysOf` (by default, the key set in memory). */
async function setUp(keysOf: (jwk: JWK) => JWTVerifyGetKey = (jwk) => createLocalJWKSet({ keys: [jwk] })) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
  const entra = createEntraTokenVerifier({ tenantId: tenant, audience, keys: keysOf(jwk) });
  const token = (claims: Record<string, unknown>, issuer = `https://login.microsoftonline.com/${tenant}/v2.0`) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime("5m").sign(privateKey);
  const w = world();
  return { token, w, handler: createEventGridHttpHandler({ ...w.deps, entra }) };
}

describe("Event Grid Entra delivery", () => {
  it("refuses tokens of the right tenant and audience that another application requested", async () => {
    const { token, w, handler } = await setUp();
    const body = fixtureText("acrImagePushed.eventgrid.json");
    const strangers = [
      await token({}), // no application at all
      await token({ azp: "99999999-8888-7777-6666-555555555555" }), // v2, another app
      await token({ appid: "99999999-8888-7777-6666-555555555555", ver: "1.0" }, `https://sts.windows.net/${tenant}/`), // v1, another app
      await token({ azp: "99999999-8888-7777-6666-555555555555", roles: ["AzureEventGridSecureWebhookSubscriber"] }), // a subscription writer holds the role too
    ];
    for (const t of strangers) {
      const res = await handler(request("/api/ingest/eventgrid", body, { authorization: `Bearer ${t}` }), context());
      expect(res.status).toBe(401);
    }
    expect(w.starter.instances.size).toBe(0);
  });

  it("accepts Event Grid's application in v1 (appid) and v2 (azp) tokens", async () => {
    const { token, handler } = await setUp();
    const body = fixtureText("acrImagePushed.eventgrid.json");
    const v2 = await handler(request("/api/ingest/eventgrid", body, { authorization: `Bearer ${await token({ azp: EVENT_GRID_APP_ID })}` }), context());
    expect(v2.status).toBe(202);
    const v1 = await handler(
      request("/api/ingest/eventgrid", body.replace("831e1650", "831e1651"), { authorization: `Bearer ${await token({ appid: EVENT_GRID_APP_ID, ver: "1.0" }, `https://sts.windows.net/${tenant}/`)}` }),
      context(),
    );
    expect(v1.status).toBeLessThan(300);
  });
});

// The tenant's key set, served on loopback the way login.microsoftonline.com serves it, except
// when the test says it is down or answers something that is not a key set.
describe("Event Grid Entra delivery while the signing keys cannot be read", () => {
  let answer: "down" | "garbage" | "keys" = "down";
  let keySet = "";
  const keysServer = createServer((_req, res) => {
    if (answer === "down") res.writeHead(503).end("unavailable");
    else if (answer === "garbage") res.writeHead(200, { "content-type": "application/json" }).end('{"keys": "none"}');
    else res.writeHead(200, { "content-type": "application/json" }).end(keySet);
  });
  afterAll(() => new Promise<void>((resolve) => keysServer.close(() => resolve())));

  it("answers 503 (which Event Grid retries) instead of 401 (which it never retries), and starts nothing until the keys are back", async () => {
    await new Promise<void>((resolve) => keysServer.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(keysServer.address() as AddressInfo).port}/discovery/v2.0/keys`);
    const { token: sign, w, handler } = await setUp((jwk) => {
      keySet = JSON.stringify({ keys: [{ ...jwk, use: "sig" }] });
      return createRemoteJWKSet(url, { cooldownDuration: 0 });
    });
    const token = await sign({ azp: EVENT_GRID_APP_ID });
    const body = fixtureText("acrImagePushed.eventgrid.json");
    const deliver = async () => {
      const logs: string[] = [];
      const res = await handler(request("/api/ingest/eventgrid", body, { authorization: `Bearer ${token}` }), context(logs));
      expect(logs.join("\n")).not.toContain(token);
      return res;
    };

    for (const state of ["down", "garbage"] as const) {
      answer = state;
      const res = await deliver();
      expect(res.status, state).toBe(503);
      expect(res.headers).toMatchObject({ "Retry-After": expect.any(String) as unknown });
      expect(w.starter.instances.size).toBe(0);
    }
    answer = "keys";
    expect((await deliver()).status).toBe(202);
    expect(w.starter.instances.size).toBeGreaterThan(0);

    // A token the keys do not verify is still the sender's problem.
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(342)}`;
    const res = await handler(request("/api/ingest/eventgrid", body.replace("831e1650", "831e1652"), { authorization: `Bearer ${forged}` }), context());
    expect(res.status).toBe(401);
  });
});
