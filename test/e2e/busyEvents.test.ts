// An event raised to a busy stage is not lost (issue 9, point 1), end to end: an operator's abort
// that arrives while the stage's HTTP-probe activity is in flight stops the promotion, even though
// the probe then succeeds; the next stage is never committed.
import { createServer, type ServerResponse, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { listenOnLoopback } from "../support/loopbackHttpClient.js";
import { OPERATOR, digestOf, fileAt, fluxReports, head, opsCall, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

let health: Server;
let port = 0;
const heldProbes: ServerResponse[] = [];
beforeAll(async () => {
  health = createServer((_req, res) => {
    heldProbes.push(res);
  });
  port = await listenOnLoopback(health);
});
afterAll(async () => {
  for (const res of heldProbes.splice(0)) res.writeHead(200).end("ok");
  health.closeAllConnections();
  await new Promise((resolve) => health.close(resolve));
});

const world = useBatonWorld({
  tablePrefix: "e2ebusy",
  pipelines: {
    dev: `        gates:
          - { kind: httpProbe, name: health, url: "http://127.0.0.1:{port}/healthz", successes: 1, interval: 1m, attemptTimeout: 60s, deadline: 10m }`,
  },
  rewrite: (yaml) => yaml.replace("{port}", String(port)),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

/** Lets the host run while probe activities stay in flight (settle would wait for them). */
async function quiesce(until: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200_000; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (until() && host.engine.store.dueInstances(host.clock.now(), 1).length === 0) return;
  }
  throw new Error("the host did not get there");
}

describe("an abort while the probe is in flight", { timeout: 240_000 }, () => {
  const digest = digestOf(0xab07);
  const id = promotionId(digest);
  const stage = stageId(digest, "dev");
  const stagingFile = "apps/orders-api/overlays/staging/kustomization.yaml";

  it("stops the promotion although the probe then passes; staging is never committed", async () => {
    expect((await pushImage(host, "5.0.0", digest, "2026-03-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    const before = await fileAt(server, stagingFile);
    expect((await fluxReports(host, "dev", `main@sha1:${await head(server)}`)).status).toBeLessThan(300);
    await quiesce(() => heldProbes.length === 1);

    const abort = await opsCall(host, `/api/promotions/${id}/abort`, OPERATOR, { reason: "bad build, stop it" });
    expect(abort.status).toBe(202);
    await quiesce(() => host.history(stage).some((e) => e.EventType === EventType.EventRaised));
    expect(host.engine.store.pendingActivities().map((a) => a.name)).toEqual(["probeHttp"]);

    heldProbes.shift()?.writeHead(200).end("ok");
    await host.settle();
    const s = await statusOf(host, id);
    expect(s.output).toMatchObject({ outcome: "aborted" });
    expect((s.output as { reason: string }).reason).toBe("dev: bad build, stop it");
    expect((await statusOf(host, stage)).output).toMatchObject({ outcome: "aborted" });
    expect(await fileAt(server, stagingFile)).toBe(before);
  });
});
