import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import { createSignalRouter } from "../../shared/ingest/intake/signalRouter.js";
import { waitKey, type WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import type { WorkloadReconciled } from "../../shared/ingest/model.js";
import { FakeSender, memoryStore } from "./fakes.js";

const wait: WaitFor = { on: "flux", cluster: "aks-weu-1", objectKind: "Kustomization", namespace: "flux-system", name: "apps-prod" };
const reconciled = (revision: string, reportedAt: string, outcome: WorkloadReconciled["outcome"] = "ready"): WorkloadReconciled => ({
  kind: "workload.reconciled",
  cluster: "aks-weu-1",
  objectKind: "Kustomization",
  namespace: "flux-system",
  name: "apps-prod",
  revision,
  outcome,
  reason: outcome === "failed" ? "ReconciliationFailed" : "ReconciliationSucceeded",
  message: "",
  reportedAt,
});

describe("signal router", () => {
  it("removes the waits of instances that have finished", async () => {
    const store = memoryStore();
    const sender = new FakeSender();
    sender.finished.add("old");
    const router = createSignalRouter({ ...store, sender });
    await router.subscribe("old", wait);
    await router.subscribe("live", wait);
    const outcome = await router.route(reconciled("main@sha1:a", "2026-03-01T10:00:00Z"));
    expect(outcome).toEqual({ delivered: ["live"], gone: ["old"] });
    expect(await store.subscriptions.waiting(waitKey(wait))).toEqual(["live"]);
  });

  it("keeps the newest report when reports arrive out of order", async () => {
    const store = memoryStore();
    const router = createSignalRouter({ ...store, sender: new FakeSender() });
    await router.route(reconciled("main@sha1:new", "2026-03-01T10:10:00Z"));
    await router.route(reconciled("main@sha1:old", "2026-03-01T10:00:00Z", "failed"));
    expect(await router.subscribe("p", wait)).toMatchObject({ revision: "main@sha1:new", outcome: "ready" });
  });

  it("raises flux.failed for failures and forgets a wait on unsubscribe", async () => {
    const store = memoryStore();
    const sender = new FakeSender();
    const router = createSignalRouter({ ...store, sender });
    await router.subscribe("p", wait);
    await router.route(reconciled("main@sha1:b", "2026-03-01T10:00:00Z", "failed"));
    expect(sender.raised.map((r) => r.event)).toEqual([EVENT.fluxFailed]);
    await router.unsubscribe("p", wait);
    await router.route(reconciled("main@sha1:c", "2026-03-01T10:01:00Z"));
    expect(sender.raised).toHaveLength(1);
  });

  it("matches GitHub repositories case-insensitively", () => {
    expect(waitKey({ on: "pr", repository: "Acme/Orders", number: 1 })).toBe(waitKey({ on: "pr", repository: "acme/orders", number: 1 }));
  });
});
