import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import { createFluxEventHandler } from "../../shared/ingest/handlers/flux.js";
import { createSignalRouter } from "../../shared/ingest/intake/signalRouter.js";
import { waitKey, type WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { signFlux } from "./signing.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const appsProd: WaitFor = { on: "flux", cluster: "aks-weu-1", objectKind: "Kustomization", namespace: "flux-system", name: "apps-prod" };

function fluxRequest(body: string | Buffer, options: { token?: string; algorithm?: string; cluster?: string } = {}) {
  const signature = signFlux(body, options.token ?? SECRETS.FLUX_WEBHOOK_TOKEN, options.algorithm);
  return request(
    options.cluster ? `/api/ingest/flux/${options.cluster}` : "/api/ingest/flux",
    body,
    { "x-signature": signature, "gotk-component": "kustomize-controller" },
    options.cluster ? { params: { cluster: options.cluster } } : {},
  );
}

describe("Flux event door", () => {
  it("raises flux.ready on every promotion waiting for the Kustomization", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(appsProd), "promo-1");
    await w.store.subscriptions.add(waitKey(appsProd), "promo-2");
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationSucceeded.json")), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "routed", delivered: 2, promotions: ["promo-1", "promo-2"] });
    expect(w.sender.raised.map((r) => [r.instanceId, r.event])).toEqual([
      ["promo-1", EVENT.fluxReady],
      ["promo-2", EVENT.fluxReady],
    ]);
    expect(w.sender.raised[0]?.payload).toEqual({
      cluster: "aks-weu-1",
      objectKind: "Kustomization",
      namespace: "flux-system",
      name: "apps-prod",
      revision: "main@sha1:0ba6f0d30760d567de0bac86c8c4eec13ce1a590",
      reason: "ReconciliationSucceeded",
      message: "Reconciliation finished in 2.31s, next run in 10m0s",
      reportedAt: "2026-03-01T10:05:12Z",
    });
  });

  it("says when a report released nothing: no promotion waits for the object", async () => {
    const w = world();
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationSucceeded.json")), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "routed", delivered: 0, released: "nothing: no promotion waits for this object" });
  });

  it("reads the prefixed metadata keys of older notification-controllers and raises flux.failed", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(appsProd), "promo-1");
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationFailedPrefixed.json"), { cluster: "aks-weu-1" }), context());
    expect(res.status).toBe(200);
    expect(w.sender.raised).toHaveLength(1);
    expect(w.sender.raised[0]).toMatchObject({
      event: EVENT.fluxFailed,
      payload: { revision: "main@sha1:1cb7e0f1d7a4b2c3d4e5f60718293a4b5c6d7e8f", reason: "HealthCheckFailed" },
    });
  });

  it("routes HelmRelease upgrades by chart version", async () => {
    const w = world();
    const wait: WaitFor = { on: "flux", cluster: "aks-weu-1", objectKind: "HelmRelease", namespace: "orders", name: "orders-api" };
    await w.store.subscriptions.add(waitKey(wait), "promo-helm");
    await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxHelmreleaseUpgraded.json"), { cluster: "aks-weu-1" }), context());
    expect(w.sender.raised[0]).toMatchObject({ event: EVENT.fluxReady, payload: { revision: "1.4.2", reason: "UpgradeSucceeded" } });
  });

  it("keeps the last report so a promotion that starts waiting afterwards still sees it", async () => {
    const w = world();
    await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationSucceeded.json")), context());
    const router = createSignalRouter({ ...w.store, sender: w.sender });
    const last = await router.subscribe("late-promo", appsProd);
    expect(last).toMatchObject({ outcome: "ready", revision: "main@sha1:0ba6f0d30760d567de0bac86c8c4eec13ce1a590" });
  });

  it("does not signal or record a Progressing event", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(appsProd), "promo-1");
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationProgressing.json"), { cluster: "aks-weu-1" }), context());
    expect(res.status).toBe(200);
    expect(w.sender.raised).toHaveLength(0);
    expect(w.store.revisions.reports.size).toBe(0);
  });

  it("ignores kinds Baton does not follow", async () => {
    const w = world();
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxGitrepository.json"), { cluster: "aks-weu-1" }), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)["status"]).toBe("ignored");
  });

  it("accepts the other SHA-2 signature algorithms Flux may use", async () => {
    for (const algorithm of ["sha224", "sha384", "sha512"]) {
      const w = world();
      const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationSucceeded.json"), { algorithm }), context());
      expect(res.status).toBe(200);
    }
  });

  it("answers a retried (identical) event as a duplicate", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(appsProd), "promo-1");
    const handler = createFluxEventHandler(w.deps);
    await handler(fluxRequest(fixtureText("fluxKustomizationSucceeded.json")), context());
    const again = await handler(fluxRequest(fixtureText("fluxKustomizationSucceeded.json")), context());
    expect(jsonOf(again)).toEqual({ status: "duplicate" });
    expect(w.sender.raised).toHaveLength(1);
  });

  it("tells the same body from two clusters apart: each reaches its promotion, a resend of either is a duplicate", async () => {
    const w = world();
    const secondCluster: WaitFor = { ...appsProd, cluster: "aks-weu-2" };
    await w.store.subscriptions.add(waitKey(appsProd), "promo-weu-1");
    await w.store.subscriptions.add(waitKey(secondCluster), "promo-weu-2");
    const handler = createFluxEventHandler(w.deps);
    // Two clusters reconcile the same Kustomization at the same revision in the same second: the
    // same bytes, told apart only by the path they are posted to.
    const body = fixtureText("fluxKustomizationSucceeded.json");
    const first = await handler(fluxRequest(body, { cluster: "aks-weu-1" }), context());
    const second = await handler(fluxRequest(body, { cluster: "aks-weu-2" }), context());
    expect(jsonOf(first)).toMatchObject({ status: "routed", delivered: 1, promotions: ["promo-weu-1"] });
    expect(jsonOf(second)).toMatchObject({ status: "routed", delivered: 1, promotions: ["promo-weu-2"] });
    expect(jsonOf(await handler(fluxRequest(body, { cluster: "aks-weu-2" }), context()))).toEqual({ status: "duplicate" });
    expect(w.sender.raised.map((r) => r.instanceId)).toEqual(["promo-weu-1", "promo-weu-2"]);
  });

  it("needs to know the cluster", async () => {
    const w = world();
    const res = await createFluxEventHandler(w.deps)(fluxRequest(fixtureText("fluxKustomizationProgressing.json")), context());
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toMatch(/cannot tell the cluster/);
  });

  it("rejects a missing, malformed or wrong signature with 401", async () => {
    const w = world();
    const handler = createFluxEventHandler(w.deps);
    const body = fixtureText("fluxKustomizationSucceeded.json");
    const cases: Record<string, string>[] = [{}, { "x-signature": "sha256" }, { "x-signature": "md5=abcd" }, { "x-signature": signFlux(body, "wrong-token") }];
    for (const headers of cases) {
      expect((await handler(request("/api/ingest/flux", body, headers), context())).status).toBe(401);
    }
    expect(w.sender.raised).toHaveLength(0);
    expect(w.store.revisions.reports.size).toBe(0);
  });

  it("rejects any single flipped byte of a signed body with 401", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey(appsProd), "promo-1");
    const handler = createFluxEventHandler(w.deps);
    const body = Buffer.from(fixtureText("fluxKustomizationSucceeded.json"), "utf8");
    const signature = signFlux(body, SECRETS.FLUX_WEBHOOK_TOKEN);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const flipped = Buffer.from(body);
        flipped[at] = flipped[at]! ^ mask;
        const res = await handler(request("/api/ingest/flux", flipped, { "x-signature": signature }), context());
        expect(res.status).toBe(401);
      }),
      { numRuns: 200 },
    );
    expect(w.sender.raised).toHaveLength(0);
  });
});
