// What a stage costs in storage round trips (issue 13): each Azure Tables request is a network
// round trip on Azure and a process hop to Azurite here, and most sit on the way from Flux Ready
// to the next stage's commit. Counted (never timed) on a four-stage promotion with instant Flux
// and no gates, after a first promotion warmed the tables up, as `npm run bench -- leadTime` runs it.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, promotionId, pushImage, statusOf, STAGES, useBatonWorld } from "./world.js";

const PREFIX = "e2estorage";
/** All table requests of one stage, door and activities together, on the happy path. */
const MAX_REQUESTS_PER_STAGE = 15; // 14.5 now: lock 2, Flux 2, subscriptions 3, timeline 2, holds 2, deliveries 2-3

const world = useBatonWorld({ tablePrefix: PREFIX, pipelines: { prod: "        autoPromote: true" } });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

/** "VERB Table" for every request this process sends to Azurite's table service while `run` runs. */
async function tableRequests(run: () => Promise<void>): Promise<string[]> {
  const endpoint = /TableEndpoint=([^;]+)/.exec(process.env.AzureWebJobsStorage ?? "")?.[1];
  if (!endpoint) throw new Error("AzureWebJobsStorage names no table endpoint");
  const port = new URL(endpoint).port;
  const seen: string[] = [];
  const onStart = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    if (String(request.getHeader("host") ?? "").split(":")[1] !== port) return;
    const table = decodeURIComponent(request.path.split("?")[0] ?? "").split("/")[2]?.replace(/\(.*$/, "").replace(PREFIX, "") ?? "";
    seen.push(`${request.method} ${table}`);
  };
  subscribe("http.client.request.start", onStart);
  try {
    await run();
  } finally {
    unsubscribe("http.client.request.start", onStart);
  }
  return seen;
}

async function promote(n: number): Promise<void> {
  const digest = digestOf(0x5705e + n);
  expect((await pushImage(host, `4.0.${n}`, digest, `2026-01-0${n + 1}T00:00:00Z`)).status).toBe(202);
  await host.settle();
  for (const stage of STAGES) await fluxReconcilesHead(host, server, stage);
  expect((await statusOf(host, promotionId(digest))).output).toMatchObject({ outcome: "succeeded" });
}

function count(requests: string[], request: string): number {
  return requests.filter((r) => r === request).length;
}

describe("a stage's storage round trips", { timeout: 240_000 }, () => {
  it(`takes at most ${MAX_REQUESTS_PER_STAGE} table requests per stage, its lock one request per step and its timeline one per step`, async () => {
    await promote(1); // tables created, Flux objects known
    const requests = await tableRequests(() => promote(2));
    const stages = STAGES.length;
    const summary = [...new Set(requests)].map((r) => `${r} x${count(requests, r)}`).join(", ");
    expect(requests.length, summary).toBeLessThanOrEqual(MAX_REQUESTS_PER_STAGE * stages);
    // Take already marked committed (insert: the commit step takes the lock), release (conditional delete): no reads.
    expect({ insert: count(requests, "POST StageLocks"), mark: count(requests, "PUT StageLocks"), release: count(requests, "DELETE StageLocks"), read: count(requests, "GET StageLocks") }, summary).toEqual({
      insert: stages,
      mark: 0,
      release: stages,
      read: 0,
    });
    // One write per Flux report (the door) and one read per stage (a wait that starts after the report).
    expect(count(requests, "PUT FluxRevisions") + count(requests, "POST FluxRevisions"), summary).toBe(stages);
    expect(count(requests, "GET FluxRevisions"), summary).toBeLessThanOrEqual(stages);
    // A step's timeline entries are one transaction: the commit step's, and the way out's.
    expect(count(requests, "POST $batch"), summary).toBe(2 * stages);
    // Tables are created once per process, not per call.
    expect(count(requests, "POST Tables"), summary).toBe(0);
  });
});
