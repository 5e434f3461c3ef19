import { describe, expect, it } from "vitest";
import { ingestRoot } from "../../shared/ingest/composition/ingestRoot.js";
import { createAcrWebhookHandler } from "../../shared/ingest/handlers/acrWebhook.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { useAzurite } from "../support/azurite.js";
import { FakeDurableClient } from "./fakeDurableClient.js";
import { context, request } from "./world.js";

const azurite = useAzurite();

describe("composition root", () => {
  it("loads every function module with no settings at all", async () => {
    // Registration must not read settings or open storage (npm start before configuration).
    await import("../../functions/ingestGithub.js");
    await import("../../functions/ingestFlux.js");
    await import("../../functions/ingestAcr.js");
    await import("../../functions/ingestEventgrid.js");
    await import("../../functions/acrEventgridTrigger.js");
    await import("../../functions/purgeDeliveries.js");
  });

  it("builds real dependencies from settings on first use and starts through the Durable client", async () => {
    const env = {
      AzureWebJobsStorage: azurite().connectionString,
      BATON_PUBLIC_URL: "https://baton.example.com",
      BATON_PIPELINES: JSON.stringify({
        pipelines: [{ name: "orders", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "semver", range: "^1.0.0" } } }],
      }),
      ACR_WEBHOOK_SECRET: "s3cret",
    };
    const root = await ingestRoot(env)();
    const client = new FakeDurableClient();
    const door = createAcrWebhookHandler(root.doorDeps(client));
    const res = await door(request("/api/ingest/acr", fixtureText("acrWebhookPush.json"), { authorization: "Bearer s3cret" }), context());
    const id = promotionInstanceId("orders", "sha256:80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d");
    expect(res.status).toBe(202);
    expect(res.headers).toMatchObject({ Location: `https://baton.example.com/api/promotions/${id}` });
    expect(client.started.map((s) => [s.name, s.instanceId])).toEqual([["promotion", id]]);
    // The delivery is now in Azure Tables: a redelivery is a duplicate.
    const again = await door(request("/api/ingest/acr", fixtureText("acrWebhookPush.json"), { authorization: "Bearer s3cret" }), context());
    expect(again.jsonBody).toEqual({ status: "duplicate" });
  });

  it("reports bad settings when first used, naming the setting", async () => {
    await expect(ingestRoot({ BATON_INGEST_MAX_BODY_BYTES: "many" })()).rejects.toThrow(/BATON_INGEST_MAX_BODY_BYTES/);
  });
});
