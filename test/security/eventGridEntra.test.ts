// Issue 10 point 13: an Entra bearer token on the Event Grid door must come from Event Grid's own
// application (appid in v1 tokens, azp in v2), not merely name our tenant and audience: any other
// client of the tenant that can get a token for our audience is refused and starts nothing.
// Real RS256 tokens checked by the door's real verifier (jose), on the real door handler.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { createEventGridHttpHandler } from "../../shared/ingest/handlers/eventGridHttp.js";
import { createEntraTokenVerifier, EVENT_GRID_APP_ID } from "../../shared/ingest/verify/bearerToken.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { context, request, world } from "../ingest/world.js";

const tenant = "11111111-2222-3333-4444-555555555555";
const audience = "api://baton";

async function setUp() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
  const entra = createEntraTokenVerifier({ tenantId: tenant, audience, keys: createLocalJWKSet({ keys: [jwk] }) });
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
