import { describe, expect, it } from "vitest";
import { createAcrWebhookHandler } from "../../shared/ingest/handlers/acrWebhook.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const DIGEST = "sha256:80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d";
const auth = { authorization: `Bearer ${SECRETS.ACR_WEBHOOK_SECRET}` };

describe("ACR native webhook door", () => {
  it("starts a promotion per matching pipeline for a push", async () => {
    const w = world();
    const res = await createAcrWebhookHandler(w.deps)(request("/api/ingest/acr", fixtureText("acrWebhookPush.json"), auth), context());
    expect(res.status).toBe(202);
    expect([...w.starter.instances.keys()].sort()).toEqual([promotionInstanceId("orders", DIGEST), promotionInstanceId("orders-canary", DIGEST)].sort());
    expect(w.starter.instances.get(promotionInstanceId("orders", DIGEST))?.image).toMatchObject({
      registry: "myacr.azurecr.io",
      repository: "orders-api",
      tag: "1.4.2",
      source: "acr-webhook",
      deliveryId: "cb8c3971-9adc-488b-bdd8-43cbb4974ff5",
    });
  });

  it("answers ping", async () => {
    const w = world();
    const ping = JSON.stringify({ id: "5b8c0c9e-ping", timestamp: "2026-03-01T10:00:00Z", action: "ping" });
    const res = await createAcrWebhookHandler(w.deps)(request("/api/ingest/acr", ping, auth), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "pong" });
  });

  it("acknowledges a delete without starting anything", async () => {
    const w = world();
    const res = await createAcrWebhookHandler(w.deps)(request("/api/ingest/acr", fixtureText("acrWebhookDelete.json"), auth), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)["status"]).toBe("ignored");
    expect(w.starter.calls).toHaveLength(0);
  });

  it("tells which tag policy refused an image", async () => {
    const w = world();
    const body = fixtureText("acrWebhookPush.json").replace('"tag": "1.4.2"', '"tag": "latest"');
    const res = await createAcrWebhookHandler(w.deps)(request("/api/ingest/acr", body, auth), context());
    expect(jsonOf(res)).toEqual({
      status: "not-promoted",
      reasons: ["orders: tag latest is not a semantic version", "orders-canary: tag latest does not match /1\\.4\\.\\d+/"],
    });
  });

  it("rejects a missing or wrong shared secret with 401", async () => {
    const w = world();
    const handler = createAcrWebhookHandler(w.deps);
    const body = fixtureText("acrWebhookPush.json");
    expect((await handler(request("/api/ingest/acr", body, {}), context())).status).toBe(401);
    expect((await handler(request("/api/ingest/acr", body, { authorization: "Bearer nope" }), context())).status).toBe(401);
    expect((await handler(request("/api/ingest/acr", body, { authorization: SECRETS.ACR_WEBHOOK_SECRET }), context())).status).toBe(401);
    expect(w.starter.calls).toHaveLength(0);
  });

  it("rejects a push without digest with 400 naming what is missing", async () => {
    const w = world();
    const body = JSON.stringify({ id: "x", timestamp: "2026-03-01T10:00:00Z", action: "push", target: { repository: "orders-api", tag: "1.0.0" } });
    const res = await createAcrWebhookHandler(w.deps)(request("/api/ingest/acr", body, auth), context());
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toMatch(/target\.digest/);
  });
});
