// The gates end to end, on dev, with the real promotion in the local runtime and virtual time:
// a change window (business hours in Amsterdam) holds the stage until it opens, a Log Analytics
// query must pass twice in a row, and a GitHub Actions smoke workflow, dispatched with the
// promoted commit, is released by its signed workflow_run webhook, or found by polling.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { ActivityDeps } from "../../orchestrations/activities/deps.js";
import { setActivityOverrides } from "../fixtures/e2e/overrides.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fakeGitHub/index.js";
import { singleValue, startFakeLogAnalytics, type FakeLogAnalytics } from "../support/fakeLogAnalytics.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, head, promotionId, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

const GITHUB_TOKEN = "ghs_e2e_gates_token_0123456789";
const WEBHOOK_SECRET = "e2e-github-webhook-secret";
let logs: FakeLogAnalytics;
let github: FakeGitHub;
beforeAll(async () => {
  logs = await startFakeLogAnalytics();
  github = await startFakeGitHub({ token: GITHUB_TOKEN });
  await github.createRepo("acme", "app", { ".github/workflows/smoke.yml": "on: workflow_dispatch\n" });
  const overrides: Partial<ActivityDeps> = { azureCredential: logs.credential, logQueryClientOptions: { httpClient: logs.httpClient }, githubThrottle: false };
  setActivityOverrides(overrides);
});
afterAll(async () => {
  await Promise.all([logs?.close(), github?.close()]);
});

const world = useBatonWorld({
  tablePrefix: "e2egates",
  entry: ["functions/!(orchestrations).ts", "test/fixtures/e2e/gatesApp.ts"],
  pipelines: {
    dev: `        gates:
          - { kind: changeWindow, name: business-hours, timeZone: Europe/Amsterdam, allowed: [{ start: "0 9 * * 1-5", duration: 8h }], maxWait: 7d }
          - { kind: logQuery, name: error-rate, workspaceId: 5f0c7e1d-9a2b-4c6e-8f10-a3b5c7d9e1f2, query: "AppRequests | summarize failures = countif(Success == false)", operator: lt, threshold: 5, evaluations: 2, interval: 5m, window: 15m, deadline: 1h }
          - { kind: workflow, name: smoke, repository: acme/app, workflow: smoke.yml, ref: main, inputs: { commit: "{commit}" }, apiUrl: "{github}", auth: { kind: token, tokenSecret: E2E_GITHUB_TOKEN }, pollInterval: 2m, timeout: 1h }`,
  },
  env: () => ({ E2E_GITHUB_TOKEN: GITHUB_TOKEN, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET }),
  rewrite: (yaml) => yaml.replace("{github}", github.baseUrl),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

async function devStatus(digest: string): Promise<string> {
  await host.settle();
  const s = await statusOf(host, stageId(digest, "dev"));
  return `${s.customStatus?.step ?? s.runtimeStatus}: ${s.customStatus?.waitingFor ?? ""}`;
}

async function workflowRunWebhook(run: { id: number; headSha: string }, conclusion: string): Promise<number> {
  const body = JSON.stringify({
    action: "completed",
    workflow_run: { id: run.id, name: "smoke", workflow_id: 7, path: ".github/workflows/smoke.yml", head_branch: "main", head_sha: run.headSha, event: "workflow_dispatch", status: "completed", conclusion, run_number: 1, run_attempt: 1, html_url: `https://github.example.test/acme/app/actions/runs/${run.id}` },
    repository: { full_name: "acme/app" },
    sender: { login: "github-actions[bot]" },
  });
  const res = await host.fetch("/api/ingest/github", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-github-event": "workflow_run", "x-github-delivery": `run-${run.id}`, "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}` },
  });
  return res.status;
}

describe("gates on dev", () => {
  const digest = digestOf(0x6a7e);

  it("waits for the change window to open (09:00 Amsterdam on a weekday)", async () => {
    logs.answer("5f0c7e1d-9a2b-4c6e-8f10-a3b5c7d9e1f2", singleValue("failures", "long", 2));
    expect((await pushImage(host, "9.0.0", digest, "2026-01-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    expect(await devStatus(digest)).toMatch(/^gates: business-hours: .*waiting until 2026-01-01T08:00:00.000Z/);
    await host.advanceThroughTimers(7 * 3_600_000);
    expect(await devStatus(digest)).toMatch(/^gates: business-hours/);
    await host.advanceThroughTimers(3_600_000);
    expect(await devStatus(digest)).toMatch(/^gates: error-rate: 1 of 2 passing evaluations/);
  });

  it("passes the log query after two passing evaluations, then dispatches the smoke workflow with the commit", async () => {
    await host.advanceThroughTimers(5 * 60_000);
    expect(logs.queries.filter((q) => q.workspaceId === "5f0c7e1d-9a2b-4c6e-8f10-a3b5c7d9e1f2")).toHaveLength(2);
    expect(await devStatus(digest)).toMatch(/^gates: smoke: run .* dispatched/);
    const [run] = github.actions("acme", "app").runs();
    expect(run?.inputs).toEqual({ commit: await head(server) });
  });

  it("is released by the signed workflow_run webhook", async () => {
    const [run] = github.actions("acme", "app").runs();
    if (!run) throw new Error("no workflow run");
    github.actions("acme", "app").setRun(run.id, { status: "completed", conclusion: "success" });
    expect(await workflowRunWebhook(run, "success")).toBe(200);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
  });
});

describe("a failing smoke workflow found by polling", () => {
  const digest = digestOf(0x6a7f);

  it("fails dev (and rolls it back) when the run concludes failure, with no webhook at all", async () => {
    expect((await pushImage(host, "9.1.0", digest, "2026-01-01T09:30:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    await host.advanceThroughTimers(5 * 60_000);
    const runs = github.actions("acme", "app").runs();
    const run = runs[runs.length - 1];
    if (!run) throw new Error("no workflow run");
    github.actions("acme", "app").setRun(run.id, { status: "completed", conclusion: "failure" });
    await host.advanceThroughTimers(2 * 60_000);
    const stage = await statusOf(host, stageId(digest, "dev"));
    expect(stage.customStatus?.step).toBe("awaiting-ready");
    await fluxReconcilesHead(host, server, "dev");
    const s = await statusOf(host, promotionId(digest));
    expect((s.output as { reason: string }).reason).toMatch(/^dev: gates: gate smoke failed: .*concluded failure/);
  });
});
