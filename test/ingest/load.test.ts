// Load: 1,000 deliveries with 30% duplicates, shuffled, 20 at a time, through the HTTP doors
// with the Azurite-backed store. For now the doors are called directly; once the local Functions
// runtime exists this test is to be pointed at it (same requests over HTTP).
import { describe, expect, it } from "vitest";
import type { HttpResponseInit } from "@azure/functions";
import { createAcrWebhookHandler } from "../../shared/ingest/handlers/acrWebhook.js";
import { createEventGridHttpHandler } from "../../shared/ingest/handlers/eventGridHttp.js";
import { createGitHubWebhookHandler } from "../../shared/ingest/handlers/github.js";
import { openIngestStore } from "../../shared/store/ingestStore.js";
import { useAzurite } from "../support/azurite.js";
import { deliveryIdOf, loadDeliveries, sendConcurrently, shuffledWithDuplicates, type Delivery } from "./loadDeliveries.js";
import { context, request, worldWith } from "./world.js";

const azurite = useAzurite();

describe("load: at-least-once, unordered deliveries", () => {
  it("starts exactly one promotion per (pipeline, digest) for 1,000 deliveries with 30% duplicates", async () => {
    const store = await openIngestStore({
      storage: { kind: "connection-string", value: azurite().connectionString },
      tablePrefix: "load",
      deliveryRetentionMs: 72 * 3600_000,
    });
    const w = worldWith(store);
    const doors = {
      github: createGitHubWebhookHandler(w.deps),
      eventgrid: createEventGridHttpHandler(w.deps),
      acr: createAcrWebhookHandler(w.deps),
    };
    const { deliveries: unique, expected } = await loadDeliveries();
    const all = shuffledWithDuplicates(unique);

    const statuses = await sendConcurrently(all, 20, async (d) => {
      const res: HttpResponseInit = await doors[d.door](request(d.url, d.body, d.headers), context());
      return res.status ?? 200;
    });

    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // Every wanted promotion exists, none twice, nothing else.
    expect(new Set(w.starter.instances.keys())).toEqual(expected);
    const started = w.starter.calls.filter((c) => c.status === "started").map((c) => c.instanceId);
    expect(started).toHaveLength(expected.size);
    expect(new Set(started).size).toBe(expected.size);
    // Every unique delivery reached the starter once per matching pipeline and was recorded
    // afterwards. How many duplicates the delivery log absorbed before the starter depends on
    // scheduling (concurrent duplicates both get through, and the deterministic id turns the
    // second into "exists"), so it is reported, not asserted.
    const perDelivery = (d: Delivery) => (d.door === "github" ? 1 : /"tag": "1\.4\./.test(d.body) ? 2 : 1);
    const baseline = unique.reduce((n, d) => n + perDelivery(d), 0);
    expect(w.starter.calls.length).toBeGreaterThanOrEqual(baseline);
    const sources = { github: "github", eventgrid: "acr-eventgrid", acr: "acr-webhook" } as const;
    for (const d of unique) expect(await store.deliveries.hasSeen(sources[d.door], deliveryIdOf(d))).toBe(true);
    console.log(`load: ${w.starter.calls.length - baseline} starter calls came from duplicates that raced their original (answered "exists")`);
  });
});
