// Gates side by side (gateMode: parallel): the log query is evaluated while the change window is
// still closed, so dev is done the moment the window opens, where in sequence it would only then
// start the query.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { setActivityOverrides } from "../fixtures/e2e/overrides.js";
import { singleValue, startFakeLogAnalytics, type FakeLogAnalytics } from "../support/fakeLogAnalytics.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

const WORKSPACE = "0b8f6a1c-2d3e-4f50-8a6b-7c8d9e0f1a2b";
let logs: FakeLogAnalytics;
beforeAll(async () => {
  logs = await startFakeLogAnalytics();
  setActivityOverrides({ azureCredential: logs.credential, logQueryClientOptions: { httpClient: logs.httpClient } });
});
afterAll(async () => {
  await logs?.close();
});

const world = useBatonWorld({
  tablePrefix: "e2eparallel",
  entry: ["functions/!(orchestrations).ts", "test/fixtures/e2e/gatesApp.ts"],
  pipelines: {
    dev: `        gateMode: parallel
        gates:
          - { kind: changeWindow, name: business-hours, timeZone: Europe/Amsterdam, allowed: [{ start: "0 9 * * 1-5", duration: 8h }], maxWait: 7d }
          - { kind: logQuery, name: error-rate, workspaceId: ${WORKSPACE}, query: "AppRequests | summarize failures = countif(Success == false)", operator: lt, threshold: 5, evaluations: 2, interval: 5m, window: 15m, deadline: 1h }`,
  },
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("parallel gates", () => {
  it("evaluates the query during the closed window and passes dev when the window opens", async () => {
    logs.answer(WORKSPACE, singleValue("failures", "long", 0));
    const digest = digestOf(0x9a1);
    expect((await pushImage(host, "10.0.0", digest, "2026-01-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    await host.advanceThroughTimers(10 * 60_000);
    expect(logs.queries).toHaveLength(2);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.waitingFor).toMatch(/^business-hours: /);
    await host.advanceThroughTimers(8 * 3_600_000 - 10 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
  });
});
