import { generateKeyPair, exportJWK, SignJWT, createLocalJWKSet, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { createEventGridHttpHandler } from "../../shared/ingest/handlers/eventGridHttp.js";
import { createEventGridTriggerHandler } from "../../shared/ingest/handlers/eventGridTrigger.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { createEntraTokenVerifier, EVENT_GRID_APP_ID } from "../../shared/ingest/verify/bearerToken.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const PUSHED = "sha256:213bbc182920ab41e18edc2001e06abcca6735d87782d9cef68abd83941cf0e5";
const CLOUD = "sha256:7a1c1d8f2b6e4b0c9e3a5f1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3";
const key = { "x-baton-key": SECRETS.EVENTGRID_WEBHOOK_KEY, "aeg-event-type": "Notification" };

describe("Event Grid webhook door", () => {
  it("completes the subscription validation handshake synchronously with 200", async () => {
    const w = world();
    const res = await createEventGridHttpHandler(w.deps)(
      request("/api/ingest/eventgrid", fixtureText("eventgridValidation.json"), { ...key, "aeg-event-type": "SubscriptionValidation" }),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.jsonBody).toEqual({ validationResponse: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" });
  });

  it("consents to the CloudEvents abuse-protection handshake on OPTIONS", async () => {
    const w = world();
    const res = await createEventGridHttpHandler(w.deps)(
      request("/api/ingest/eventgrid", "", { "webhook-request-origin": "eventgrid.azure.net", "webhook-request-rate": "120" }, { method: "OPTIONS" }),
      context(),
    );
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ "WebHook-Allowed-Origin": "eventgrid.azure.net", "WebHook-Allowed-Rate": "120", Allow: "POST, OPTIONS" });
  });

  it("starts promotions for an ImagePushed in the Event Grid schema", async () => {
    const w = world();
    const res = await createEventGridHttpHandler(w.deps)(request("/api/ingest/eventgrid", fixtureText("acrImagePushed.eventgrid.json"), key), context());
    expect(res.status).toBe(202);
    expect(w.starter.instances.get(promotionInstanceId("orders", PUSHED))?.image).toMatchObject({
      registry: "myacr.azurecr.io",
      repository: "orders-api",
      tag: "1.4.2",
      digest: PUSHED,
      source: "acr-eventgrid",
      deliveryId: "831e1650-001e-001b-66ab-eeb76e069631",
      publishedAt: "2026-03-01T10:00:00.276585742Z",
      // The pushing principal: kept for separation of duties at approval time.
      publishedBy: ["00000000-0000-0000-0000-000000000000"],
    });
  });

  it("reads CloudEvents 1.0, structured and batched, with the key in the query string", async () => {
    const w = world();
    const handler = createEventGridHttpHandler(w.deps);
    const single = fixtureText("acrImagePushed.cloudevent.json");
    const res = await handler(
      request("/api/ingest/eventgrid", single, { "content-type": "application/cloudevents+json; charset=utf-8" }, { query: { key: SECRETS.EVENTGRID_WEBHOOK_KEY } }),
      context(),
    );
    expect(res.status).toBe(202);
    expect(w.starter.instances.has(promotionInstanceId("orders", CLOUD))).toBe(true);

    const batch = `[${single}]`;
    const again = await handler(request("/api/ingest/eventgrid", batch, { ...key, "content-type": "application/cloudevents-batch+json" }), context());
    expect(jsonOf(again)).toEqual({ status: "duplicate" });
  });

  it("accepts an Entra bearer token for our audience and rejects others", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const tenant = "11111111-2222-3333-4444-555555555555";
    const entra = createEntraTokenVerifier({ tenantId: tenant, audience: "api://baton", keys: createLocalJWKSet({ keys: [jwk] }) });
    // Event Grid's application requests the token (v2 tokens name it in azp).
    const token = (audience: string) =>
      new SignJWT({ azp: EVENT_GRID_APP_ID })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(`https://login.microsoftonline.com/${tenant}/v2.0`)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
    const w = world();
    const handler = createEventGridHttpHandler({ ...w.deps, entra });
    const body = fixtureText("acrImagePushed.eventgrid.json");
    const good = await handler(request("/api/ingest/eventgrid", body, { authorization: `Bearer ${await token("api://baton")}` }), context());
    expect(good.status).toBe(202);
    const bad = await handler(request("/api/ingest/eventgrid", body, { authorization: `Bearer ${await token("api://other")}` }), context());
    expect(bad.status).toBe(401);
  });

  it("rejects a missing or wrong key with 401 and starts nothing", async () => {
    const w = world();
    const handler = createEventGridHttpHandler(w.deps);
    const body = fixtureText("acrImagePushed.eventgrid.json");
    expect((await handler(request("/api/ingest/eventgrid", body, {}), context())).status).toBe(401);
    expect((await handler(request("/api/ingest/eventgrid", body, { "x-baton-key": "guess" }), context())).status).toBe(401);
    expect(w.starter.calls).toHaveLength(0);
  });

  it("names the missing envelope property in a 400", async () => {
    const w = world();
    const body = fixtureText("acrImagePushed.eventgrid.json").replace(/"topic": "[^"]*",/, "");
    const res = await createEventGridHttpHandler(w.deps)(request("/api/ingest/eventgrid", body, key), context());
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toMatch(/topic/);
  });

  it("acknowledges event types that publish no image", async () => {
    const w = world();
    const body = fixtureText("acrImagePushed.eventgrid.json").replace("ImagePushed", "ImageDeleted");
    const res = await createEventGridHttpHandler(w.deps)(request("/api/ingest/eventgrid", body, key), context());
    expect(res.status).toBe(200);
    // The answer says why, so whoever reads the subscription's delivery log need not guess.
    expect(jsonOf(res)).toEqual({ status: "ignored", reason: "event type Microsoft.ContainerRegistry.ImageDeleted does not publish an image" });
    expect(w.starter.calls).toHaveLength(0);
  });

  it("says why an image started nothing: no pipeline watches it, or the tag is refused by policy", async () => {
    const w = world();
    const handler = createEventGridHttpHandler(w.deps);
    const unwatched = fixtureText("acrImagePushed.eventgrid.json").replaceAll("orders-api", "billing-api");
    expect(jsonOf(await handler(request("/api/ingest/eventgrid", unwatched, key), context()))).toEqual({
      status: "not-promoted",
      reasons: ["*: no pipeline watches myacr.azurecr.io/billing-api"],
    });
    const refusedTag = fixtureText("acrImagePushed.eventgrid.json").replaceAll("1.4.2", "0.9.0");
    // Another delivery (a new event id): the same id would be answered as a duplicate.
    const answer = jsonOf(await handler(request("/api/ingest/eventgrid", refusedTag.replace("831e1650", "931e1650"), key), context()));
    expect(answer).toMatchObject({ status: "not-promoted" });
    expect(answer["reasons"]).toEqual([expect.stringMatching(/^orders: .*0\.9\.0/), expect.stringMatching(/^orders-canary: .*0\.9\.0/)]);
    expect(JSON.stringify(answer)).not.toContain(SECRETS.EVENTGRID_WEBHOOK_KEY);
    expect(w.starter.calls).toHaveLength(0);
  });
});

describe("Event Grid trigger", () => {
  const event = () => {
    const [e] = JSON.parse(fixtureText("acrImagePushed.eventgrid.json")) as [
      { id: string; topic: string; subject: string; eventType: string; eventTime: string; dataVersion: string; metadataVersion: string; data: Record<string, unknown> },
    ];
    return e;
  };

  it("starts promotions once, however often Event Grid delivers the event", async () => {
    const w = world();
    const handle = createEventGridTriggerHandler(w.deps);
    await handle(event(), context());
    await handle(event(), context());
    expect([...w.starter.instances.keys()].sort()).toEqual([promotionInstanceId("orders", PUSHED), promotionInstanceId("orders-canary", PUSHED)].sort());
    expect(w.starter.calls).toHaveLength(2);
  });

  it("drops an event that can never be processed instead of failing it forever", async () => {
    const w = world();
    const broken = { ...event(), data: { action: "push", timestamp: "2026-03-01T10:00:00Z", target: {} } };
    const logs: string[] = [];
    await createEventGridTriggerHandler(w.deps)(broken, context(logs));
    expect(logs.join("\n")).toMatch(/dropped: invalid ACR event/);
  });

  it("accepts CloudEvents-shaped events from the trigger", async () => {
    const w = world();
    const cloud = JSON.parse(fixtureText("acrImagePushed.cloudevent.json")) as { id: string; type: string; source: string; data: unknown };
    await createEventGridTriggerHandler(w.deps)(cloud, context());
    expect(w.starter.instances.has(promotionInstanceId("orders", CLOUD))).toBe(true);
  });

  it("fails the delivery when storage fails, so Event Grid retries", async () => {
    const w = world();
    w.store.deliveries.hasSeen = () => Promise.reject(new Error("storage down"));
    await expect(createEventGridTriggerHandler(w.deps)(event(), context())).rejects.toThrow("storage down");
  });
});
