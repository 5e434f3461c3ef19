// Two activities that talk HTTP: one health-probe attempt (status, body match, per-attempt
// timeout) and the Flux Receiver nudge (a generic-hmac signature over the exact body).
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityDeps } from "../../orchestrations/activities/deps.js";
import { nudgeFlux } from "../../orchestrations/activities/flux.js";
import { probeHttp } from "../../orchestrations/activities/probe.js";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import type { GateConfig } from "../../shared/pipelines/config/model.js";
import { listenOnLoopback } from "../support/loopbackHttpClient.js";

type Probe = Extract<GateConfig, { kind: "httpProbe" }>;

let server: Server;
let origin = "";
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
let hang: (() => void)[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === "/healthz") res.writeHead(200, { "content-type": "application/json" }).end('{"status": "ok"}');
      else if (req.url === "/degraded") res.writeHead(200).end('{"status": "degraded"}');
      else if (req.url === "/down") res.writeHead(503).end("no");
      else if (req.url === "/hang") hang.push(() => res.end());
      else res.writeHead(200).end("hook accepted");
    });
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
afterAll(async () => {
  hang.forEach((h) => h());
  hang = [];
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function deps(env: Record<string, string> = {}): ActivityDeps {
  return { fetch: globalThis.fetch, secrets: new EnvSecretSource(env), now: () => new Date() } as unknown as ActivityDeps;
}

const gate = (path: string, extra: Partial<Probe> = {}): Probe => ({
  kind: "httpProbe",
  name: "health",
  url: `${origin}${path}`,
  method: "GET",
  expectStatus: [200],
  successes: 3,
  intervalMs: 30_000,
  // Generous: a loaded machine must not turn an answering server into "no answer".
  attemptTimeoutMs: 30_000,
  deadlineMs: 600_000,
  ...extra,
});

describe("probeHttp", () => {
  it("passes on the expected status and body", async () => {
    expect(await probeHttp(deps())({ gate: gate("/healthz", { bodyMatch: '"status":\\s*"ok"' }) })).toEqual({ ok: true, detail: "status 200" });
  });

  it("fails on another status, on a body that does not match, and on no answer within the attempt timeout", async () => {
    expect(await probeHttp(deps())({ gate: gate("/down") })).toEqual({ ok: false, detail: "status 503, expected 200" });
    expect((await probeHttp(deps())({ gate: gate("/degraded", { bodyMatch: '"status":\\s*"ok"' }) })).detail).toContain("does not match");
    expect(await probeHttp(deps())({ gate: gate("/hang", { attemptTimeoutMs: 200 }) })).toEqual({ ok: false, detail: "no answer within 200 ms" });
  });
});

describe("nudgeFlux", () => {
  it("signs the body like a Flux generic-hmac Receiver expects", async () => {
    const outcome = await nudgeFlux(deps({ FLUX_RECEIVER_TOKEN_DEV: "receiver-token" }))({ url: `${origin}/hook/abc`, tokenSecret: "FLUX_RECEIVER_TOKEN_DEV", promotionId: "promo-1" });
    expect(outcome).toEqual({ ok: true, detail: "receiver answered 200" });
    const hit = received.at(-1);
    expect(hit?.headers["x-signature"]).toBe(`sha256=${createHmac("sha256", "receiver-token").update(hit?.body ?? "").digest("hex")}`);
    expect(JSON.parse(hit?.body ?? "{}")).toEqual({ source: "baton", promotion: "promo-1" });
  });

  it("says so, without failing the stage, when the token is missing", async () => {
    expect(await nudgeFlux(deps())({ url: `${origin}/hook/abc`, tokenSecret: "MISSING", promotionId: "p" })).toEqual({ ok: false, detail: "secret MISSING is not configured" });
  });
});
