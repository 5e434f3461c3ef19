// The ingestion doors inside the local Functions runtime (local/testing.ts): real HTTP, real
// Durable client, real task hub. Settings reach the app through the process environment, as the
// host delivers local.settings.json Values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { useAzurite } from "../support/azurite.js";
import { loadDeliveries, sendConcurrently, shuffledWithDuplicates } from "./loadDeliveries.js";
import { signGitHub } from "./signing.js";
import { PIPELINES, SECRETS } from "./world.js";

const azurite = useAzurite();
let host: TestHost;

beforeAll(async () => {
  Object.assign(process.env, {
    ...SECRETS,
    AzureWebJobsStorage: azurite().connectionString,
    BATON_PUBLIC_URL: "https://baton.example.com",
    BATON_PIPELINES: JSON.stringify({ pipelines: PIPELINES }),
  });
  host = await startTestHost({
    appDir: ".",
    entry: ["functions/ingest*.ts", "functions/acrEventgridTrigger.ts", "test/fixtures/ingest/runtimeApp.ts"],
  });
});
afterAll(async () => {
  await host?.dispose();
});

describe("ingestion in the local runtime", () => {
  it("starts a promotion from a signed GitHub package event, once", async () => {
    const digest = "sha256:9f2d7c1b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    const body = JSON.stringify(taggedContainerPackage("1.4.2", digest));
    const headers = {
      "content-type": "application/json",
      "x-github-event": "package",
      "x-hub-signature-256": await signGitHub(body, SECRETS.GITHUB_WEBHOOK_SECRET),
    };
    const first = await host.fetch("/api/ingest/github", { method: "POST", body, headers: { ...headers, "x-github-delivery": "rt-1" } });
    expect(first.status).toBe(202);
    const id = promotionInstanceId("hello", digest);
    expect(first.headers.get("location")).toBe(`https://baton.example.com/api/promotions/${id}`);
    await host.expectStatus(id, "Pending", "Running");
    // A new delivery of the same image (different delivery id) finds the running instance.
    const second = await host.fetch("/api/ingest/github", { method: "POST", body, headers: { ...headers, "x-github-delivery": "rt-2" } });
    expect(second.status).toBe(202);
    expect(((await second.json()) as { promotions: { status: string }[] }).promotions[0]?.status).toBe("exists");
  });

  it("answers a bad signature 401 over HTTP", async () => {
    const res = await host.fetch("/api/ingest/github", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "x", "x-hub-signature-256": "sha256=00" },
    });
    expect(res.status).toBe(401);
  });

  it("starts a promotion from an Event Grid delivery to the HTTP door", async () => {
    const res = await host.fetch("/api/ingest/eventgrid", {
      method: "POST",
      body: fixtureText("acrImagePushed.eventgrid.json"),
      headers: { "content-type": "application/json", "x-baton-key": SECRETS.EVENTGRID_WEBHOOK_KEY },
    });
    expect(res.status).toBe(202);
    await host.expectStatus(promotionInstanceId("orders", "sha256:213bbc182920ab41e18edc2001e06abcca6735d87782d9cef68abd83941cf0e5"), "Pending", "Running");
  });
});

describe("Event Grid trigger in the local runtime", () => {
  it("starts a promotion from an event delivered to the host's Event Grid webhook", async () => {
    const event = fixtureText("acrImagePushed.eventgrid.json")
      .replace("831e1650-001e-001b-66ab-eeb76e069631", "trigger-1")
      .replace(/sha256:213bbc[0-9a-f]+/, `sha256:${"c".repeat(64)}`);
    const res = await host.fetch("/runtime/webhooks/eventgrid?functionName=acrImagePushed", {
      method: "POST",
      body: event,
      headers: { "content-type": "application/json", "aeg-event-type": "Notification" },
    });
    expect(res.status).toBeLessThan(300);
    await host.expectStatus(promotionInstanceId("orders", `sha256:${"c".repeat(64)}`), "Pending", "Running");
  });
});

/** Every instance id in the host's task hub, through the Durable HTTP API (following paging). */
async function allInstances(): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res = await host.fetch("/runtime/webhooks/durabletask/instances", token ? { headers: { "x-ms-continuation-token": token } } : {});
    ids.push(...((await res.json()) as { instanceId: string }[]).map((i) => i.instanceId));
    token = res.headers.get("x-ms-continuation-token");
  } while (token);
  return ids;
}

describe("load through the local runtime", () => {
  it("starts exactly one promotion per (pipeline, digest) for 1,000 deliveries with 30% duplicates, 20 at a time", async () => {
    const earlier = new Set(await allInstances());
    const { deliveries: unique, expected } = await loadDeliveries();
    const all = shuffledWithDuplicates(unique);
    const statuses = await sendConcurrently(all, 20, async (d) => {
      const res = await host.fetch(d.url, { method: "POST", body: d.body, headers: { "content-type": "application/json", ...d.headers } });
      await res.arrayBuffer();
      return res.status;
    });
    await host.settle();
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // Exactly the wanted promotions exist in the task hub, each started once (never restarted).
    const ids = (await allInstances()).filter((id) => id.startsWith("promo-") && !earlier.has(id));
    expect(new Set(ids)).toEqual(expected);
    expect(ids).toHaveLength(expected.size);
    for (const id of expected) {
      expect(host.history(id).filter((e) => e.EventType === EventType.ExecutionStarted)).toHaveLength(1);
    }
  });
});
