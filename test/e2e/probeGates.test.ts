// Soak and HTTP-probe gates end to end: the soak counts from this image's own Ready time, then the
// probe needs three consecutive healthy answers (a failure resets the count).
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { listenOnLoopback } from "../support/loopbackHttpClient.js";
import { digestOf, fluxReconcilesHead, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

let health: Server;
let port = 0;
const answers: number[] = [];
let probes = 0;
beforeAll(async () => {
  health = createServer((_req, res) => {
    probes++;
    const status = answers.shift() ?? 200;
    res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? '{"status":"ok"}' : '{"status":"starting"}');
  });
  port = await listenOnLoopback(health);
});
afterAll(async () => {
  health.closeAllConnections();
  await new Promise((resolve) => health.close(resolve));
});

const world = useBatonWorld({
  tablePrefix: "e2eprobe",
  pipelines: {
    dev: `        gates:
          - { kind: soak, name: soak, duration: 10m }
          - { kind: httpProbe, name: health, url: "http://127.0.0.1:{port}/healthz", bodyMatch: '"status":"ok"', successes: 3, interval: 1m, attemptTimeout: 5s, deadline: 10m }`,
  },
  rewrite: (yaml) => yaml.replace("{port}", String(port)),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("soak, then a health probe", () => {
  const digest = digestOf(0x50a);

  it("soaks ten minutes from Ready before probing", async () => {
    answers.push(503, 503);
    expect((await pushImage(host, "13.0.0", digest, "2026-01-09T00:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    await host.advanceThroughTimers(9 * 60_000);
    expect(probes).toBe(0);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.waitingFor).toMatch(/^soak: /);
  });

  it("needs three healthy answers in a row after the soak", async () => {
    await host.advanceThroughTimers(60_000 + 3 * 60_000);
    expect(probes).toBe(4);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.waitingFor).toMatch(/^health: 2 of 3 consecutive successes/);
    await host.advanceThroughTimers(60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
  });
});
