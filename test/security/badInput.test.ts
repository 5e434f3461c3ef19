// Issue 10, bad-input proof: 10,000+ generated malformed requests across every door of the running
// app (ingestion doors, ops API, Teams /api/messages, health, the host's /runtime/* endpoints):
// wrong or missing signatures and keys, broken bodies, content types, sizes, encodings, route
// parameters and methods. Not one answer may be 5xx, and nothing may change: no instance started
// or changed, no table row written (the delivery log excepted: rejected deliveries are not in it
// either, but a signed garbage body may be recorded as seen). Seeded, so a failure replays exactly.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { instanceIds, OPERATOR_KEY, SECRETS, tableRows, useDoorsWorld } from "./doorsWorld.js";

const world = useDoorsWorld("secbad");
const SEED = 0x5eed_0a7e;
const REQUESTS = Number(process.env.BAD_INPUT_REQUESTS ?? 10_240);
const CONCURRENCY = 24;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => rnd() < p;
  const ascii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join("");
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

  const segments = (): string =>
    pick([
      () => ascii(1 + int(12)),
      () => encodeURIComponent(ascii(1 + int(30))),
      () => "%E0%A4%A", // broken escape
      () => "%",
      () => "x".repeat(300 + int(900)), // long ids (table keys, instance ids)
      () => encodeURIComponent("漢字😀é"),
      () => "..",
      () => "%2F..%2F",
      () => "%00",
      () => `promo-${"a".repeat(int(200))}`,
    ])();

  const jsonish = (): string =>
    pick([
      () => "{}",
      () => "[]",
      () => "null",
      () => `{"a":${"[".repeat(int(3000))}`, // truncated deep
      () => `${"[".repeat(200)}${"]".repeat(200)}`,
      () => JSON.stringify({ type: ascii(int(8)), id: ascii(int(8)), data: { action: "push", target: { repository: ascii(5), tag: ascii(3), digest: ascii(10) } } }),
      () => JSON.stringify([{ eventType: "Microsoft.ContainerRegistry.ImagePushed", id: ascii(6), data: null }]),
      () => JSON.stringify({ involvedObject: { kind: ascii(4) }, metadata: { revision: ascii(12) }, reason: "ReconciliationSucceeded" }),
      () => JSON.stringify({ reason: ascii(int(40)), gate: ascii(4), pipeline: ascii(6), image: { tag: 1 } }),
      () => JSON.stringify({ type: pick(["message", "invoke", "conversationUpdate"]), value: { action: { verb: ascii(5) } } }),
      () => `{"id":"${ascii(10)}",`, // truncated
      () => "\ufeff{}", // BOM
      () => ascii(int(200)),
    ])();

  const body = (): Uint8Array | undefined =>
    pick([
      () => undefined,
      () => new TextEncoder().encode(jsonish()),
      () => new TextEncoder().encode(jsonish()),
      () => bytes(int(512)), // invalid UTF-8, binary
      () => Uint8Array.from([0xc3, 0x28, 0x7b, 0x7d]), // invalid UTF-8 then {}
      () => new TextEncoder().encode(`{"pad":"${"p".repeat(16_400 + int(2_000))}"}`), // just above the ops API's limit
      () => (chance(0.02) ? new Uint8Array(1_050_000).fill(0x20) : new TextEncoder().encode("{}")), // above the ingestion limit, rarely
    ])();

  const contentType = (): string | undefined =>
    pick([undefined, "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/cloudevents+json", "application/cloudevents-batch+json", "application/json;;;", ascii(10), "*/*"]);

  const method = (): string => pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "POST", "POST"]);

  const badSignature = (payload: Uint8Array | undefined): string =>
    pick([
      () => "",
      () => "sha256=",
      () => `sha256=${"0".repeat(64)}`,
      () => `sha1=${"a".repeat(40)}`,
      () => `sha256=${createHmac("sha256", "not-the-secret").update(payload ?? new Uint8Array()).digest("hex")}`,
      () => ascii(int(100)),
      () => `sha256=${createHmac("sha256", SECRETS.GITHUB_WEBHOOK_SECRET).update("another body").digest("hex")}`,
    ])();

  /** One malformed request for one door. */
  const doors: (() => Generated)[] = [
    () => {
      const b = body();
      const headers: Record<string, string> = { "x-github-event": pick(["package", "registry_package", "ping", "workflow_run", "pull_request", ascii(6), ""]), "x-hub-signature-256": badSignature(b) };
      if (chance(0.8)) headers["x-github-delivery"] = pick([ascii(int(40)), "x".repeat(int(2000)), ""]);
      return { method: method(), path: "/api/ingest/github", headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      return { method: method(), path: `/api/ingest/flux${chance(0.7) ? `/${segments()}` : ""}`, headers: { "x-signature": badSignature(b) }, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      return { method: method(), path: "/api/ingest/acr", headers: { authorization: pick(["", "Bearer ", `Bearer ${ascii(20)}`, "Basic eDp5", `Bearer ${SECRETS.ACR_WEBHOOK_SECRET}x`]) }, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      // Azure DevOps service hooks: basic credentials and/or X-Baton-Token, all wrong or malformed.
      const wrongBasic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      const headers: Record<string, string> = pick<Record<string, string>>([
        {},
        { authorization: wrongBasic(ascii(6), ascii(int(30))) },
        { authorization: wrongBasic("", `${SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN}x`) },
        { authorization: `Basic ${Buffer.from(SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN).toString("base64")}` }, // no colon
        { authorization: pick(["Basic", "Basic !!!", `Bearer ${SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN}`, ascii(20)]) },
        { "x-baton-token": pick(["", ascii(int(40)), `${SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN} extra`]) },
        { "x-baton-token": SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN, authorization: wrongBasic("ado", ascii(12)) }, // one right, one wrong
      ]);
      return { method: method(), path: `/api/ingest/azuredevops${chance(0.1) ? `/${segments()}` : ""}`, headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      const query = pick(["", `?key=${encodeURIComponent(ascii(12))}`, "?key=", "?key=%E0%A4%A"]);
      const headers: Record<string, string> = pick<Record<string, string>>([{}, { "x-baton-key": ascii(16) }, { authorization: `Bearer ${ascii(40)}` }, { "aeg-event-type": "SubscriptionValidation" }]);
      if (method() === "OPTIONS") headers["webhook-request-origin"] = ascii(10);
      return { method: method(), path: `/api/ingest/eventgrid${query}`, headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      const headers: Record<string, string> = pick<Record<string, string>>([{}, { "x-functions-key": ascii(24) }, { "x-functions-key": `${OPERATOR_KEY}!` }, { "x-ms-client-principal": Buffer.from(jsonish()).toString("base64") }]);
      const path = pick([`/api/promotions`, `/api/promotions/${segments()}`, `/api/promotions/${segments()}/${pick(["pause", "resume", "retry", "skip", "rollback", "abort", "promote", "approve", "reject", segments()])}`, `/api/promotions?top=${ascii(3)}&status=${ascii(4)}`]);
      return { method: method(), path, headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      const headers: Record<string, string> = pick<Record<string, string>>([{}, { "x-functions-key": ascii(24) }, { "x-ms-client-principal": Buffer.from(jsonish()).toString("base64") }]);
      return { method: method(), path: `/api/holds${chance(0.7) ? `/${pick(["global", segments()])}` : ""}`, headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      const headers: Record<string, string> = pick<Record<string, string>>([{}, { authorization: `Bearer ${ascii(30)}` }, { authorization: "Bearer " }, { authorization: ascii(12) }]);
      return { method: method(), path: "/api/messages", headers, ...(b ? { body: b } : {}) };
    },
    () => ({ method: method(), path: pick(["/api/health", `/api/health/${segments()}`, "/api/health?x=%zz"]), headers: {} }),
    () => {
      const b = body();
      const headers: Record<string, string> = pick<Record<string, string>>([{}, { "x-functions-key": ascii(30) }, { "aeg-event-type": pick(["Notification", "SubscriptionValidation", ascii(5)]) }]);
      const fn = pick(["acrImagePushed", segments(), ""]);
      return { method: method(), path: `/runtime/webhooks/eventgrid?functionName=${fn}${chance(0.3) ? `&code=${ascii(8)}` : ""}`, headers, ...(b ? { body: b } : {}) };
    },
    () => {
      const b = body();
      // Wrong keys everywhere; with the right key only paths that name no instance or orchestrator.
      const keyed = chance(0.3);
      const path = keyed
        ? pick([`/instances/${segments()}`, `/instances/${segments()}/raiseEvent/${segments()}`, `/instances/${segments()}/${pick(["terminate", "suspend", "resume", "rewind", "restart", segments()])}`, `/orchestrators/${segments()}`, `/entities/${segments()}`, `/instances?runtimeStatus=${ascii(5)}&top=${ascii(2)}`])
        : pick([`/instances`, `/instances/${segments()}`, `/orchestrators/${segments()}`, `/instances/${segments()}/raiseEvent/approval.vote`]);
      const headers: Record<string, string> = keyed ? { "x-functions-key": "__MASTER__" } : pick<Record<string, string>>([{}, { "x-functions-key": ascii(30) }]);
      return { method: keyed && method() === "DELETE" ? "GET" : method(), path: `/runtime/webhooks/durabletask${path}`, headers, ...(b ? { body: b } : {}) };
    },
  ];

  return (): Generated => {
    const request = pick(doors)();
    const type = contentType();
    if (type !== undefined) request.headers["content-type"] = type;
    if (request.method === "GET" || request.method === "HEAD") delete request.body;
    return request;
  };
}

describe("malformed requests at every door", () => {
  // About 5 ms of CPU per request here (client and host share the process): the timeout leaves
  // room for a machine shared with other work; timing targets live in benchmarks, not here.
  it(`answers ${REQUESTS} generated requests without a 5xx and changes nothing`, async () => {
    const host = world.host();
    await host.settle();
    const instancesBefore = await instanceIds(host);
    const rowsBefore = await tableRows(world.connectionString(), world.prefix);
    const next = generator(SEED);
    const began = Date.now();
    const cpu = process.cpuUsage();
    const failures: string[] = [];
    const byDoor = new Map<string, number>();
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS) {
        sent++;
        const r = next();
        const headers = { ...r.headers };
        if (headers["x-functions-key"] === "__MASTER__") headers["x-functions-key"] = host.keys.master;
        let status: number;
        try {
          const res = await fetch(`${host.origin}${r.path}`, { method: r.method, headers, ...(r.body ? { body: r.body } : {}) });
          await res.arrayBuffer();
          status = res.status;
        } catch (error) {
          status = -1;
          failures.push(`${r.method} ${r.path.slice(0, 120)}: ${String(error)}`);
        }
        const door = r.path.split(/[/?]/).slice(0, 4).join("/");
        byDoor.set(door, (byDoor.get(door) ?? 0) + 1);
        if (status >= 500) failures.push(`${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.headers).slice(0, 200)} -> ${status}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    const used = process.cpuUsage(cpu);
    console.log(`bad input: ${sent} requests in ${Date.now() - began} ms, ${Math.round((used.user + used.system) / 1000)} ms CPU`);
    await host.settle();
    // /api/messages (Teams) is listed apart: its 4xx-before-authentication fix is issue 10 point 8.
    const teams = failures.filter((f) => f.includes(" /api/messages"));
    expect(failures.filter((f) => !teams.includes(f)).slice(0, 20)).toEqual([]);
    expect.soft(teams.slice(0, 5), `${teams.length} Teams requests answered 5xx`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 10_000));
    expect(byDoor.size).toBeGreaterThanOrEqual(9);
    expect(await instanceIds(host)).toEqual(instancesBefore);
    const rowsAfter = await tableRows(world.connectionString(), world.prefix);
    const changed = Object.keys({ ...rowsBefore, ...rowsAfter }).filter((t) => rowsBefore[t] !== rowsAfter[t] && !/deliveries$/i.test(t));
    expect(changed).toEqual([]);
    expect(host.logs.filter((l) => l.message.includes("Unhandled host error"))).toEqual([]);
  }, 300_000);
});
