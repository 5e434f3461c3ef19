// One trace per promotion, end to end through the local runtime: the door's span is the root, and
// every activity, stage, gate and approval span of that promotion shares its trace id and carries
// its attributes; a second promotion has a trace of its own; the step logs carry the promotion id.
// No span or log holds a secret, even one the pipeline's settings use (a Flux Receiver token).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, digestOf, FLUX_TOKEN, fluxReconcilesHead, OPS_KEY, opsCall, promotionId, pushImage, statusOf, useBatonWorld } from "../e2e/world.js";
import { captureTelemetry, textOf } from "./inMemory.js";

const RECEIVER_TOKEN = "rcv-Secret-Value-5f1e0c9a7b3d";
const telemetry = captureTelemetry();

// A Flux Receiver on loopback, nudged after every commit with a token the pipeline names.
let receiver: Server;
let receiverUrl = "";
const nudges: string[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    nudges.push(req.url ?? "");
    req.resume().on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook/orders-api`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const world = useBatonWorld({
  tablePrefix: "otel",
  env: () => ({ E2E_RECEIVER_TOKEN: RECEIVER_TOKEN }),
  pipelines: { prod: `        approval: { required: true, quorum: 1, timeout: 1d }\n        gates:\n          - { kind: soak, name: bake, duration: 10m }` },
  rewrite: (yaml) => yaml.replace("      readiness:\n", `      readiness:\n        receiver: { url: "${receiverUrl}", tokenSecret: E2E_RECEIVER_TOKEN }\n`),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const first = digestOf(0x07e1);
const second = digestOf(0x07e2);
const ATTR_ID = "baton.promotion.id";

function spansOf(id: string): ReadableSpan[] {
  const start = telemetry.spans().find((s) => s.name === "start promotion" && s.attributes[ATTR_ID] === id);
  if (!start) throw new Error(`no start span for ${id}`);
  return telemetry.spans().filter((s) => s.spanContext().traceId === start.spanContext().traceId);
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("a promotion's trace", () => {
  it("runs a promotion through every stage, a gate and an approval", async () => {
    expect((await pushImage(host, "2.0.0", first, "2026-02-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    for (const stage of ["dev", "staging", "pre-prod"]) await fluxReconcilesHead(host, server, stage);
    const approve = await opsCall(host, `/api/promotions/${promotionId(first)}/approve`, APPROVER, { reason: "CHG-7" });
    expect(approve.status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "prod");
    await host.advance(11 * 60_000);
    const done = await statusOf(host, promotionId(first));
    expect(done.output).toMatchObject({ outcome: "succeeded" });
    expect(nudges.length).toBeGreaterThanOrEqual(4);
    // An ops read with the named key: the key must not reach telemetry either.
    expect((await host.fetch(`/api/promotions/${promotionId(first)}`, { headers: { "x-functions-key": OPS_KEY } })).status).toBe(200);
  });

  it("has the door's span as its root, and every other span in the same trace under it", () => {
    const spans = spansOf(promotionId(first));
    const roots = spans.filter((s) => parentOf(s) === undefined);
    expect(roots).toHaveLength(1);
    const door = roots[0]!;
    expect(door.name).toBe("eventgrid acrImagePushed");
    expect(door.attributes["faas.trigger"]).toBe("pubsub");
    const start = spans.find((s) => s.name === "start promotion")!;
    expect(parentOf(start)).toBe(door.spanContext().spanId);
    expect(start.attributes["baton.delivery"]).toBe("started");
    // Everything the promotion did afterwards hangs under its start span (the carried traceparent).
    for (const s of spans.filter((x) => x !== door && x !== start)) expect(parentOf(s)).toBe(start.spanContext().spanId);
  });

  it("has a span per activity, stage, gate and approval, with the promotion's attributes", () => {
    const spans = spansOf(promotionId(first));
    const names = new Set(spans.map((s) => s.name));
    // Flux reports at the promoted commit are judged in the orchestrator (no judgeFluxReport span).
    for (const name of ["pinPipeline", "enterStage", "commitStage", "checkApprover", "leaveStage"]) expect(names).toContain(name);
    for (const name of ["stage dev", "stage staging", "stage pre-prod", "stage prod", "gate bake", "approval approve", "commit dev", "promotion"]) expect(names).toContain(name);
    for (const s of spans.filter((x) => x.name !== "eventgrid acrImagePushed")) {
      expect(s.attributes).toMatchObject({
        [ATTR_ID]: promotionId(first),
        "baton.pipeline": "orders-api",
        "container.image.name": "myacr.azurecr.io/orders-api",
        "container.image.tags": ["2.0.0"],
        "oci.manifest.digest": first,
      });
    }
    const commit = spans.find((s) => s.name === "commitStage" && s.attributes["baton.stage"] === "staging");
    expect(commit?.attributes).toMatchObject({ "baton.activity": "commitStage", "baton.outcome": "succeeded" });
    const prod = spans.find((s) => s.name === "stage prod")!;
    expect(prod.attributes).toMatchObject({ "baton.stage": "prod", "baton.outcome": "succeeded" });
    // The stage span covers the stage: from the hand-over to its end, the soak included.
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    expect(ms(prod.endTime) - ms(prod.startTime)).toBeGreaterThanOrEqual(10 * 60_000);
    expect(spans.find((s) => s.name === "gate bake")?.attributes).toMatchObject({ "baton.stage": "prod", "baton.gate": "bake", "baton.outcome": "passed" });
    expect(spans.find((s) => s.name === "promotion")?.attributes["baton.outcome"]).toBe("succeeded");
  });

  it("logs each step transition in the trace, with the promotion id", () => {
    const trace = spansOf(promotionId(first))[0]!.spanContext().traceId;
    const steps = telemetry.logs().filter((l) => l.attributes[ATTR_ID] === promotionId(first));
    expect(steps.length).toBeGreaterThan(10);
    for (const l of steps) {
      expect(l.spanContext?.traceId).toBe(trace);
      expect(JSON.stringify(l.body)).toContain(`promotion=${promotionId(first)}`);
    }
    expect(steps.map((l) => JSON.stringify(l.body))).toContainEqual(expect.stringContaining("stage=prod step=approval"));
  });

  it("gives another promotion a trace of its own", async () => {
    expect((await pushImage(host, "2.0.1", second, "2026-02-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    const a = spansOf(promotionId(first));
    const b = spansOf(promotionId(second));
    expect(b.some((s) => s.name === "stage dev")).toBe(true);
    expect(b[0]!.spanContext().traceId).not.toBe(a[0]!.spanContext().traceId);
    for (const s of b.filter((x) => x.attributes[ATTR_ID] !== undefined)) expect(s.attributes[ATTR_ID]).toBe(promotionId(second));
  });

  it("never holds a secret in a span, a log record or a host log line", () => {
    const everything = [...telemetry.spans().map(textOf), ...telemetry.logs().map(textOf), ...host.logs.map((l) => l.message)].join("\n");
    expect(telemetry.spans().length).toBeGreaterThan(30);
    for (const secret of [RECEIVER_TOKEN, FLUX_TOKEN, OPS_KEY]) expect(everything).not.toContain(secret);
  });
});
