import { OrchestrationRuntimeStatus } from "durable-functions";
import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import type { PromotionInput } from "../../shared/durable/names.js";
import { createDurableSignalSender } from "../../shared/ingest/adapters/durableSignalSender.js";
import { createDurableStarter } from "../../shared/ingest/adapters/durableStarter.js";
import { FakeDurableClient } from "./fakeDurableClient.js";

const input: PromotionInput = {
  pipeline: "orders",
  image: {
    kind: "image.published",
    registry: "myacr.azurecr.io",
    repository: "orders-api",
    tag: "1.4.2",
    digest: "sha256:abc",
    publishedAt: "2026-03-01T10:00:00Z",
    source: "acr-eventgrid",
    deliveryId: "d",
  },
};
const locate = (id: string) => `https://baton.example.com/api/promotions/${id}`;

describe("Durable starter", () => {
  it("starts the promotion orchestrator under the given id", async () => {
    const client = new FakeDurableClient();
    const result = await createDurableStarter(client, locate).startIfAbsent("promo-x", input);
    expect(result).toEqual({ instanceId: "promo-x", status: "started", statusLocation: "https://baton.example.com/api/promotions/promo-x" });
    expect(client.started).toEqual([{ name: "promotion", instanceId: "promo-x", input }]);
  });

  it("never restarts an existing instance, even a completed one", async () => {
    const client = new FakeDurableClient();
    client.statuses.set("promo-x", OrchestrationRuntimeStatus.Completed);
    expect((await createDurableStarter(client, locate).startIfAbsent("promo-x", input)).status).toBe("exists");
    expect(client.started).toEqual([]);
  });

  it("reads a start rejected by a concurrent start as 'exists'", async () => {
    const client = new FakeDurableClient();
    client.raceOnStart = true;
    expect((await createDurableStarter(client, locate).startIfAbsent("promo-x", input)).status).toBe("exists");
  });

  it("passes other failures on with their cause", async () => {
    const client = new FakeDurableClient();
    client.startNew = () => Promise.reject(new Error("storage unavailable"));
    await expect(createDurableStarter(client, locate).startIfAbsent("promo-x", input)).rejects.toThrow("cannot start promotion promo-x");
  });
});

describe("Durable signal sender", () => {
  const payload = { repository: "acme/orders", number: 7, merged: true, mergeCommitSha: "abc", baseRef: "main", headSha: "def", htmlUrl: "https://github.com/acme/orders/pull/7" };

  it("raises the event on a running instance", async () => {
    const client = new FakeDurableClient();
    client.statuses.set("promo-x", OrchestrationRuntimeStatus.Running);
    expect(await createDurableSignalSender(client).raise("promo-x", EVENT.prClosed, payload)).toBe("delivered");
    expect(client.raised).toEqual([{ instanceId: "promo-x", eventName: "pr.closed", eventData: payload }]);
  });

  it("reports finished or unknown instances as gone instead of raising into the void", async () => {
    const client = new FakeDurableClient();
    client.statuses.set("done", OrchestrationRuntimeStatus.Completed);
    const sender = createDurableSignalSender(client);
    expect(await sender.raise("done", EVENT.prClosed, payload)).toBe("gone");
    expect(await sender.raise("never", EVENT.prClosed, payload)).toBe("gone");
    expect(client.raised).toEqual([]);
  });
});
