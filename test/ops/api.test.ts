// The ops API end to end in the local Functions runtime (local/testing.ts): real HTTP, the real
// Durable client against a real task hub, Azure Tables on Azurite, and stand-in orchestrations
// (test/fixtures/ops/app.ts) that record the commands and votes they receive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalVotePayload, OpsCommandPayload } from "../../shared/durable/events.js";
import type { PromotionInput } from "../../shared/durable/names.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import type { AuditRecord } from "../../shared/ops/audit/auditLog.js";
import type { TimelineRecord } from "../../shared/ops/timeline/timelineStore.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { useAzurite } from "../support/azurite.js";
import { APPROVER, KEY, OPERATOR, OPS_KEYS_TEXT, VIEWER } from "./support.js";

const azurite = useAzurite();
let host: TestHost;

const PIPELINES = {
  pipelines: [
    { name: "orders", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "any" } } },
    { name: "orders-eu", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "any" } } },
    { name: "web", source: { registry: "ghcr.io", repository: "acme/web", tags: { kind: "regex", pattern: "v\\d+.*|held.*|paused.*|awaiting.*" } } },
  ],
};

beforeAll(async () => {
  Object.assign(process.env, {
    AzureWebJobsStorage: azurite().connectionString,
    BATON_PUBLIC_URL: "https://baton.example.com",
    BATON_PIPELINES: JSON.stringify(PIPELINES),
    BATON_TABLE_PREFIX: "opsapi",
    BATON_OPS_KEYS: OPS_KEYS_TEXT,
    BATON_OPS_TRUST_PRINCIPAL: "true",
    BATON_OPS_MAX_BODY_BYTES: "4096",
  });
  host = await startTestHost({ appDir: ".", entry: ["functions/ops*.ts", "test/fixtures/ops/app.ts"] });
});
afterAll(async () => {
  await host?.dispose();
});

let digests = 0;
const nextDigest = () => `sha256:${(++digests).toString(16).padStart(64, "0")}`;

function image(tag: string, digest = nextDigest(), repository = "orders-api", registry = "myacr.azurecr.io") {
  return { registry, repository, tag, digest };
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await host.fetch(path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

/** Starts a promotion by hand and waits until the stand-ins have published their steps. */
async function start(pipeline: string, img: ReturnType<typeof image>, who = OPERATOR) {
  const res = await call("POST", "/api/promotions", who, { pipeline, image: img, reason: "hand start for a test" });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await host.settle();
  return res.body["id"] as string;
}

async function custom<T>(instanceId: string): Promise<T> {
  return (await host.status(instanceId)).customStatus as T;
}

const received = async (instanceId: string) => (await custom<{ received: (OpsCommandPayload | ApprovalVotePayload)[] }>(instanceId)).received;

async function audit(id: string): Promise<AuditRecord[]> {
  return (await call("GET", `/api/promotions/${id}`, VIEWER)).body["audit"] as AuditRecord[];
}

describe("refusing bad requests precisely", () => {
  it("answers 401 without credentials, 403 without the role, 405 with Allow, 415, 400, 404 and 413", async () => {
    expect((await call("GET", "/api/promotions", {})).status).toBe(401);
    expect((await call("GET", "/api/promotions", { "x-functions-key": "not-a-key-not-a-key" })).status).toBe(401);
    const denied = await call("POST", "/api/promotions", VIEWER, { pipeline: "orders", image: image("1.0.0"), reason: "r" });
    expect(denied.status).toBe(403);
    const put = await call("PUT", "/api/promotions", OPERATOR, {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    const text = await host.fetch("/api/promotions", { method: "POST", headers: { ...OPERATOR, "content-type": "text/plain" }, body: "x" });
    expect(text.status).toBe(415);
    expect((await call("POST", "/api/promotions", OPERATOR, "{not json")).status).toBe(400);
    const noReason = await call("POST", "/api/promotions", OPERATOR, { pipeline: "orders", image: image("1.0.0") });
    expect(noReason).toMatchObject({ status: 400, body: { error: expect.stringMatching(/reason: a reason is required/) as string } });
    const badDigest = await call("POST", "/api/promotions", OPERATOR, { pipeline: "orders", image: { ...image("1.0.0"), digest: "latest" }, reason: "r" });
    expect(badDigest.body["error"]).toMatch(/image.digest/);
    expect((await call("POST", "/api/promotions", OPERATOR, { pipeline: "nope", image: image("1.0.0"), reason: "r" })).status).toBe(404);
    const wrongRepo = await call("POST", "/api/promotions", OPERATOR, { pipeline: "web", image: image("1.0.0"), reason: "r" });
    expect(wrongRepo).toMatchObject({ status: 400, body: { error: expect.stringMatching(/does not take this image/) as string } });
    expect((await call("POST", "/api/promotions", OPERATOR, { reason: "x".repeat(5000) })).status).toBe(413);
    expect((await call("GET", "/api/promotions/promo-nope-sha256-00", VIEWER)).status).toBe(404);
    expect((await call("GET", "/api/promotions/..%2Fetc", VIEWER)).status).toBe(404);
    expect((await call("POST", "/api/promotions/promo-nope-sha256-00/dance", OPERATOR, { reason: "r" })).status).toBe(404);
    expect((await call("GET", "/api/promotions?top=0", VIEWER)).status).toBe(400);
    expect((await call("GET", "/api/promotions?status=Sleeping", VIEWER)).status).toBe(400);
    expect((await call("GET", "/api/promotions?continuation=garbage", VIEWER)).status).toBe(400);
  });
});

describe("starting and listing promotions", () => {
  it("starts a promotion by hand under the deterministic id, once, recording who and why", async () => {
    const img = image("2.0.0");
    const res = await call("POST", "/api/promotions", KEY, { pipeline: "orders", image: img, reason: "re-run after the registry outage" });
    const id = promotionInstanceId("orders", img.digest);
    expect(res).toMatchObject({ status: 202, body: { id, url: `https://baton.example.com/api/promotions/${id}` } });
    expect(res.headers.get("location")).toBe(`https://baton.example.com/api/promotions/${id}`);
    const status = await host.expectStatus(id, "Running");
    const input = status.input as PromotionInput;
    expect(input).toMatchObject({ pipeline: "orders", startedBy: "key:release-bot", image: { ...img, kind: "image.published" } });
    expect(input.image.deliveryId).toMatch(/^ops:/);
    expect((await call("POST", "/api/promotions", OPERATOR, { pipeline: "orders", image: img, reason: "again" })).status).toBe(409);
    const records = await audit(id);
    expect(records.map((r) => [r.action, r.outcome, r.actor.id])).toEqual([
      ["promotion.start", "accepted", "key:release-bot"],
      ["promotion.start", "refused", OPERATOR["x-ms-client-principal-id"]],
    ]);
    expect(records[0]?.reason).toBe("re-run after the registry outage");
  });

  it("lists by pipeline (not its prefix twins) and status, in stable pages", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await start("orders-eu", image(`3.0.${i}`)));
    await start("orders", image("3.1.0"));
    const seen: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await call("GET", `/api/promotions?pipeline=orders-eu&top=2${continuation ? `&continuation=${continuation}` : ""}`, VIEWER);
      expect(page.status).toBe(200);
      const promotions = page.body["promotions"] as { id: string; pipeline: string; runtimeStatus: string; stage: string; image: { tag: string } }[];
      expect(promotions.length).toBeLessThanOrEqual(2);
      seen.push(...promotions.map((p) => p.id));
      expect(promotions.every((p) => p.pipeline === "orders-eu" && p.stage === "dev" && p.image.tag.startsWith("3.0."))).toBe(true);
      continuation = page.body["continuation"] as string | undefined;
    } while (continuation);
    expect(seen.sort()).toEqual([...ids].sort());
    const orders = await call("GET", "/api/promotions?pipeline=orders&status=running,suspended", VIEWER);
    expect((orders.body["promotions"] as { id: string }[]).every((p) => p.id.startsWith("promo-orders-sha256-"))).toBe(true);
    expect((await call("GET", "/api/promotions?pipeline=orders-eu&status=Completed", VIEWER)).body["promotions"]).toEqual([]);
    expect((await call("GET", `/api/promotions?pipeline=orders-eu&since=2999-01-01T00:00:00Z`, VIEWER)).body["promotions"]).toEqual([]);
  });
});

describe("pausing and commanding a promotion", () => {
  it("pauses and resumes the promotion and its running stage with durable suspend, on the timeline", async () => {
    const id = await start("orders", image("paused-1"));
    const stage = stageInstanceId(id, "dev");
    expect((await call("POST", `/api/promotions/${id}/pause`, OPERATOR, {})).status).toBe(400);
    const paused = await call("POST", `/api/promotions/${id}/pause`, OPERATOR, { reason: "canary error rate up / checking #inc-42" });
    expect(paused).toMatchObject({ status: 202, body: { stageInstance: stage } });
    await host.expectStatus(id, "Suspended");
    await host.expectStatus(stage, "Suspended");
    expect((await call("POST", `/api/promotions/${id}/pause`, OPERATOR, { reason: "twice" })).status).toBe(409);
    expect((await call("POST", `/api/promotions/${id}/resume`, OPERATOR, { reason: "error rate back to normal" })).status).toBe(202);
    await host.expectStatus(id, "Running");
    await host.expectStatus(stage, "Running");
    expect((await call("POST", `/api/promotions/${id}/resume`, OPERATOR, { reason: "twice" })).status).toBe(409);
    const shown = await call("GET", `/api/promotions/${id}`, VIEWER);
    const timeline = shown.body["timeline"] as TimelineRecord[];
    expect(timeline.map((t) => t.entry)).toEqual([
      { kind: "ops.command", command: "pause", actor: "olga@contoso.example <11111111-aaaa-4bbb-8ccc-000000000001>", reason: "canary error rate up / checking #inc-42", stage: "dev" },
      { kind: "ops.command", command: "resume", actor: "olga@contoso.example <11111111-aaaa-4bbb-8ccc-000000000001>", reason: "error rate back to normal", stage: "dev" },
    ]);
    // The running stage's own status says where it is; the promotion's only names the stage.
    expect(shown.body).toMatchObject({ runtimeStatus: "Running", state: "running", outcome: null, step: "paused", stage: "dev" });
    // Compact: the id once, no raw durable status blocks.
    expect(Object.keys(shown.body)).not.toContain("customStatus");
    expect(JSON.stringify(shown.body["timeline"])).not.toContain(id);
    expect((await audit(id)).map((r) => `${r.action}:${r.outcome}`)).toEqual([
      "promotion.start:accepted",
      "promotion.pause:accepted",
      "promotion.pause:refused",
      "promotion.resume:accepted",
      "promotion.resume:refused",
    ]);
  });

  it("delivers retry, skip and abort to the stage as ops.command events", async () => {
    const id = await start("orders", image("paused-2"));
    const stage = stageInstanceId(id, "dev");
    expect((await call("POST", `/api/promotions/${id}/retry`, OPERATOR, { reason: "flaky probe" })).body).toMatchObject({ deliveredTo: stage });
    expect((await call("POST", `/api/promotions/${id}/skip`, OPERATOR, { gate: "soak" })).status).toBe(400);
    expect((await call("POST", `/api/promotions/${id}/skip`, OPERATOR, { gate: "soak", reason: "   " })).status).toBe(400);
    expect((await call("POST", `/api/promotions/${id}/skip`, OPERATOR, { gate: "soak", stage: "prod", reason: "r" })).status).toBe(409);
    expect((await call("POST", `/api/promotions/${id}/retry`, OPERATOR, { gate: "soak", reason: "r" })).status).toBe(400);
    expect((await call("POST", `/api/promotions/${id}/promote`, OPERATOR, { reason: "not awaiting" })).status).toBe(409);
    expect((await call("POST", `/api/promotions/${id}/skip`, KEY, { gate: "soak", reason: "soak not needed for a config-only change" })).status).toBe(202);
    await host.settle();
    expect((await call("POST", `/api/promotions/${id}/abort`, OPERATOR, { reason: "superseded by 2.1" })).status).toBe(202);
    await host.expectStatus(id, "Completed");
    const ids = async (query: string) => ((await call("GET", `/api/promotions?pipeline=orders&${query}`, VIEWER)).body["promotions"] as { id: string; outcome: string }[]).map((p) => p.id);
    expect(await ids("outcome=aborted")).toContain(id);
    expect(await ids("outcome=succeeded,failed,rolled-back")).not.toContain(id);
    expect(await ids("outcome=aborted&status=Running")).toEqual([]);
    expect((await call("GET", "/api/promotions?outcome=exploded", VIEWER)).status).toBe(400);
    expect(await call("GET", `/api/promotions/${id}`, VIEWER)).toMatchObject({ body: { state: "finished", outcome: "aborted", reason: "superseded by 2.1" } });
    expect((await received(stage)).map((e) => ("command" in e ? [e.command, e.stage, e.gate, e.actor, e.reason] : []))).toEqual([
      ["retry", "dev", undefined, "olga@contoso.example <11111111-aaaa-4bbb-8ccc-000000000001>", "flaky probe"],
      ["skip", "dev", "soak", "key:release-bot", "soak not needed for a config-only change"],
      ["abort", "dev", undefined, "olga@contoso.example <11111111-aaaa-4bbb-8ccc-000000000001>", "superseded by 2.1"],
    ]);
    // Finished: commands are refused instead of vanishing (raiseEvent would resolve on 410).
    expect((await call("POST", `/api/promotions/${id}/abort`, OPERATOR, { reason: "again" })).status).toBe(409);
    expect((await call("POST", `/api/promotions/${id}/pause`, OPERATOR, { reason: "late" })).status).toBe(409);
  });

  it("takes approvals only from approvers, while the stage awaits approval", async () => {
    const id = await start("web", image("awaiting-approval-1", nextDigest(), "acme/web", "ghcr.io"));
    const stage = stageInstanceId(id, "dev");
    expect((await call("POST", `/api/promotions/${id}/approve`, OPERATOR, { reason: "lgtm" })).status).toBe(403);
    expect((await call("POST", `/api/promotions/${id}/approve`, KEY, {})).status).toBe(403);
    expect((await call("POST", `/api/promotions/${id}/reject`, APPROVER, {})).status).toBe(400);
    expect((await call("POST", `/api/promotions/${id}/approve`, APPROVER, { stage: "prod" })).status).toBe(409);
    expect((await call("POST", `/api/promotions/${id}/approve`, APPROVER, {})).body).toMatchObject({ stage: "dev", deliveredTo: stage });
    // One vote per person: a second one (even the other way) is refused on the spot, with why.
    const again = await call("POST", `/api/promotions/${id}/reject`, APPROVER, { reason: "wrong build" });
    expect(again).toMatchObject({ status: 409, body: { error: expect.stringContaining("already voted (approve) on stage dev") as unknown } });
    await host.settle();
    const votes = (await received(stage)) as ApprovalVotePayload[];
    expect(votes.map((v) => [v.decision, v.stage, v.voterId, v.voterName, v.reason])).toEqual([
      ["approve", "dev", APPROVER["x-ms-client-principal-id"], "arjun@contoso.example", undefined],
    ]);
    const records = await audit(id);
    expect(records.filter((r) => r.outcome === "denied").map((r) => [r.action, r.actor.id])).toEqual([
      ["promotion.approve", OPERATOR["x-ms-client-principal-id"]],
      ["promotion.approve", "key:release-bot"],
    ]);
    expect(records.filter((r) => r.action === "promotion.reject").map((r) => [r.outcome, r.reason, r.detail])).toEqual([
      ["refused", "wrong build", expect.stringContaining("already voted") as unknown],
    ]);
  });

  it("accepts exactly one of two votes a person sends at the same moment", async () => {
    const id = await start("web", image("awaiting-approval-3", nextDigest(), "acme/web", "ghcr.io"));
    const stage = stageInstanceId(id, "dev");
    // Both pass the audit read before either is recorded: only the claim tells them apart.
    const answers = await Promise.all([
      call("POST", `/api/promotions/${id}/approve`, APPROVER, {}),
      call("POST", `/api/promotions/${id}/reject`, APPROVER, { reason: "second thoughts" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    await host.settle();
    expect((await received(stage)) as ApprovalVotePayload[]).toHaveLength(1);
    const outcomes = (await audit(id)).filter((r) => r.action === "promotion.approve" || r.action === "promotion.reject").map((r) => r.outcome);
    expect(outcomes.sort()).toEqual(["accepted", "refused"]);
  });

  it("refuses a vote it cannot check (an approver group without the Teams registration) with why, raising nothing", async () => {
    const id = await start("orders-eu", image("awaiting-approval-2"));
    const res = await call("POST", `/api/promotions/${id}/approve`, APPROVER, { reason: "lgtm" });
    expect(res).toMatchObject({ status: 409, body: { error: expect.stringContaining("need the Teams bot's app registration") as unknown } });
    await host.settle();
    expect(await received(stageInstanceId(id, "dev"))).toEqual([]);
    expect((await audit(id)).filter((r) => r.action === "promotion.approve").map((r) => r.outcome)).toEqual(["refused"]);
  });
});

describe("holds", () => {
  it("sets and releases holds, and a release reaches every live promotion of the pipeline at once", async () => {
    const set = await call("PUT", "/api/holds/web", OPERATOR, { reason: "incident 4711: payments degraded" });
    expect(set).toMatchObject({ status: 201, body: { hold: { scope: "pipeline", pipeline: "web", reason: "incident 4711: payments degraded" } } });
    expect((await call("PUT", "/api/holds/web", OPERATOR, { reason: "still degraded" })).status).toBe(200);
    expect((await call("PUT", "/api/holds/global", KEY, { reason: "change freeze" })).status).toBe(201);
    expect((await call("PUT", "/api/holds/unknown-pipeline", OPERATOR, { reason: "r" })).status).toBe(404);
    expect((await call("PUT", "/api/holds/global", VIEWER, { reason: "r" })).status).toBe(403);
    expect((await call("PUT", "/api/holds/global", OPERATOR, {})).status).toBe(400);
    const list = await call("GET", "/api/holds", VIEWER);
    expect((list.body["holds"] as { scope: string; reason: string }[]).map((h) => [h.scope, h.reason])).toEqual([
      ["global", "change freeze"],
      ["pipeline", "still degraded"],
    ]);
    expect((await call("POST", "/api/holds", OPERATOR, { reason: "r" })).headers.get("allow")).toBe("GET");

    const held = await start("web", image("held-1", nextDigest(), "acme/web", "ghcr.io"));
    expect(await custom(held)).toMatchObject({ step: "held" });
    expect((await call("DELETE", "/api/holds/web", OPERATOR)).status).toBe(400);
    const released = await call("DELETE", `/api/holds/web?reason=${encodeURIComponent("payments recovered")}`, OPERATOR);
    expect(released).toMatchObject({ status: 200, body: { released: { reason: "still degraded" } } });
    expect(released.body["notified"]).toContain(held);
    await host.settle();
    expect(await custom(held)).toMatchObject({ step: "in-stage", received: [{ command: "release", reason: "payments recovered", actor: "olga@contoso.example <11111111-aaaa-4bbb-8ccc-000000000001>" }] });
    expect((await call("DELETE", "/api/holds/web", OPERATOR, { reason: "again" })).status).toBe(404);

    const global = await call("DELETE", "/api/holds/global", KEY, { reason: "freeze over" });
    expect(global.status).toBe(200);
    // Every live promotion, of any pipeline, hears the global release.
    expect((global.body["notified"] as string[]).some((id) => id.startsWith("promo-orders-eu-"))).toBe(true);
    const history = await call("GET", "/api/holds/web", VIEWER);
    expect(history.body["hold"]).toBeNull();
    expect((history.body["history"] as { event: string; reason: string }[]).map((e) => [e.event, e.reason])).toEqual([
      ["set", "incident 4711: payments degraded"],
      ["set", "still degraded"],
      ["released", "payments recovered"],
    ]);
    const records = history.body["audit"] as AuditRecord[];
    expect(records.map((r) => [r.action, r.outcome, r.actor.name, r.reason])).toEqual([
      ["hold.set", "accepted", "olga@contoso.example", "incident 4711: payments degraded"],
      ["hold.set", "accepted", "olga@contoso.example", "still degraded"],
      ["hold.release", "accepted", "olga@contoso.example", "payments recovered"],
      ["hold.release", "refused", "olga@contoso.example", "again"],
    ]);
    const globalRecords = (await call("GET", "/api/holds/global", VIEWER)).body["audit"] as AuditRecord[];
    expect(globalRecords.map((r) => [r.action, r.outcome, r.actor.via])).toEqual([
      ["hold.set", "accepted", "key:release-bot"],
      ["hold.set", "denied", "principal"],
      ["hold.release", "accepted", "key:release-bot"],
    ]);
  });
});
