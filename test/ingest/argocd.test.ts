// The Argo CD notifications door: bearer token, Baton's template body, deduplication per cluster.
import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import { createArgocdHandler } from "../../shared/ingest/handlers/argocd.js";
import { waitKey, type WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import { application, notificationBody } from "../support/argoApplications.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const REVISION = "0ba6f0d30760d567de0bac86c8c4eec13ce1a590";
const ordersProd = (cluster: string): WaitFor => ({ on: "flux", cluster, objectKind: "Application", namespace: "argocd", name: "orders-prod" });

function argocdRequest(body: string, cluster: string) {
  return request(`/api/ingest/argocd/${cluster}`, body, { authorization: `Bearer ${SECRETS.ARGOCD_WEBHOOK_TOKEN}` }, { params: { cluster } });
}

describe("Argo CD notifications door", () => {
  it("tells the same body from two clusters apart: each reaches its promotion, a resend of either is a duplicate", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(ordersProd("aks-weu-1")), "promo-weu-1");
    await w.store.subscriptions.add(waitKey(ordersProd("aks-weu-2")), "promo-weu-2");
    const handler = createArgocdHandler(w.deps);
    // The template's body does not name the cluster: two clusters' Applications of the same name,
    // synced to the same commit at the same time, send the same bytes to different paths.
    const body = notificationBody(application({ name: "orders-prod", revision: REVISION }));
    const first = await handler(argocdRequest(body, "aks-weu-1"), context());
    const second = await handler(argocdRequest(body, "aks-weu-2"), context());
    expect(jsonOf(first)).toMatchObject({ status: "routed", delivered: 1, promotions: ["promo-weu-1"] });
    expect(jsonOf(second)).toMatchObject({ status: "routed", delivered: 1, promotions: ["promo-weu-2"] });
    expect(jsonOf(await handler(argocdRequest(body, "aks-weu-1"), context()))).toEqual({ status: "duplicate" });
    expect(w.sender.raised.map((r) => [r.instanceId, r.event, (r.payload as { cluster: string }).cluster])).toEqual([
      ["promo-weu-1", EVENT.fluxReady, "aks-weu-1"],
      ["promo-weu-2", EVENT.fluxReady, "aks-weu-2"],
    ]);
  });
});
