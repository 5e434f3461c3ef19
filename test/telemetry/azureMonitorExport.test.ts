// The distro path, end to end: with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a fake of
// Application Insights' ingestion endpoint on loopback (the Breeze `/v2.1/track` contract: gzip
// JSON envelopes), Baton's spans and step logs arrive as the telemetry types behind the tables
// docs/operations.md queries: the door as a request, activities and stages as dependencies, step
// logs as traces, all under one operation id (the trace id) with Baton's attributes as properties.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownAzureMonitor } from "@azure/monitor-opentelemetry";
import type { HttpRequest, InvocationContext } from "@azure/functions";
import { traceActivity } from "../../shared/telemetry/activities.js";
import { traceHttpDoor } from "../../shared/telemetry/doors.js";
import { tracePromotionStart } from "../../shared/telemetry/promotionStart.js";
import { startTelemetry } from "../../shared/telemetry/start.js";
import { startFakeAppInsights, type Envelope, type FakeAppInsights } from "../support/fakeAppInsights.js";
import type { PromotionInput } from "../../shared/durable/names.js";
import type { TimelineInput } from "../../shared/durable/timeline.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";

let ingestion: FakeAppInsights;
const previousReject = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
beforeAll(async () => {
  // The exporter's HTTP client builds its own agents from Node's default trust store, which Node 20
  // cannot extend at run time; this worker process talks to nothing but loopback fakes.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = "true";
  ingestion = await startFakeAppInsights();
  await startTelemetry({ APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString });
});
afterAll(async () => {
  if (previousReject === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousReject;
  await ingestion.close();
});

const DIGEST = `sha256:${"ab".repeat(32)}`;
const ID = promotionInstanceId("orders-api", DIGEST);
const input: PromotionInput = {
  pipeline: "orders-api",
  image: { kind: "image.published", registry: "myacr.azurecr.io", repository: "orders-api", tag: "3.1.0", digest: DIGEST, publishedAt: "2026-03-01T00:00:00Z", source: "acr-eventgrid", deliveryId: "d-1" },
};

describe("telemetry through @azure/monitor-opentelemetry", () => {
  it("sends the door, the activities, the stage and the step log to Application Insights as one operation", async () => {
    let carried: PromotionInput | undefined;
    const door = traceHttpDoor(async () => {
      await tracePromotionStart(ID, input, async (traced) => {
        carried = traced;
        return Promise.resolve({ status: "started" });
      }, (r) => r.status);
      return { status: 202 };
    });
    const request = { method: "POST", url: "http://127.0.0.1:7071/api/ingest/github?code=not-in-telemetry" } as unknown as HttpRequest;
    const context = { invocationId: "inv-1", functionName: "ingestGitHub" } as unknown as InvocationContext;
    expect((await door(request, context)).status).toBe(202);
    const trace = carried?.trace;
    expect(trace).toBeDefined();
    const timeline: TimelineInput = { promotionId: ID, entryId: "dev/finished", at: "2026-03-01T00:20:00.000Z", entry: { kind: "stage.finished", stage: "dev", outcome: "succeeded" } };
    // Timeline entries ride along with an activity (here the bookkeeping flush) as its notes.
    const record = traceActivity("bookkeeping", () => Promise.resolve(null), (input) => (input as { notes: TimelineInput[] }).notes);
    await record({ notes: [timeline], trace: { ...trace, stage: "dev", stageStartedAt: "2026-03-01T00:05:00.000Z" } }, {});
    const gate: TimelineInput = { promotionId: ID, entryId: "dev/gate/smoke", at: "2026-03-01T00:19:00.000Z", entry: { kind: "gate.result", stage: "dev", gate: "smoke", outcome: "failed", detail: "3 of 5 probes answered 503" } };
    await record({ notes: [gate], trace: { ...trace, stage: "dev" } }, {});
    const named = (all: Envelope[], name: string) => all.some((e) => e.data.baseData.name === name);
    await Promise.all([
      shutdownAzureMonitor(),
      ingestion.received((all) => ["POST /api/ingest/github", "start promotion", "bookkeeping", "stage dev", "gate smoke"].every((n) => named(all, n)) && all.filter((e) => e.data.baseType === "MessageData").length >= 2),
    ]);

    const envelopes = ingestion.envelopes;
    const requests = envelopes.filter((e) => e.data.baseType === "RequestData");
    const dependencies = envelopes.filter((e) => e.data.baseType === "RemoteDependencyData");
    const traces = envelopes.filter((e) => e.data.baseType === "MessageData");
    expect(requests.map((r) => r.data.baseData.name)).toEqual(["POST /api/ingest/github"]);
    expect(requests[0]?.data.baseData.responseCode).toBe("202");
    const operation = requests[0]?.tags["ai.operation.id"];
    expect(operation).toMatch(/^[0-9a-f]{32}$/);
    const names = dependencies.map((d) => d.data.baseData.name);
    expect(names).toEqual(expect.arrayContaining(["start promotion", "bookkeeping", "stage dev"]));
    for (const e of [...dependencies, ...traces]) expect(e.tags["ai.operation.id"]).toBe(operation);
    const stage = dependencies.find((d) => d.data.baseData.name === "stage dev");
    expect(stage?.data.baseData.properties).toMatchObject({ "baton.promotion.id": ID, "baton.pipeline": "orders-api", "baton.stage": "dev", "baton.outcome": "succeeded", "oci.manifest.digest": DIGEST });
    // A failed gate is a failed dependency, with its reason as a property ("what failed today").
    const smoke = dependencies.find((d) => d.data.baseData.name === "gate smoke");
    expect(smoke?.data.baseData.success).toBe(false);
    expect(smoke?.data.baseData.properties).toMatchObject({ "baton.gate": "smoke", "baton.outcome": "failed", "baton.reason": "3 of 5 probes answered 503" });
    expect(traces.map((t) => t.data.baseData.message)).toContainEqual(expect.stringContaining(`baton step promotion=${ID} pipeline=orders-api stage=dev step=stage succeeded`));
    expect(traces[0]?.data.baseData.properties?.["baton.promotion.id"]).toBe(ID);
    // The query string (a functions key may be there) never leaves the process.
    expect(JSON.stringify(envelopes)).not.toContain("not-in-telemetry");
  }, 60_000);
});
