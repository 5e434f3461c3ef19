import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import type { WorkflowGate } from "../../shared/durable/activityContracts.js";
import { createDispatchWorkflow, createWorkflowRunStatus, RUN_NOT_LISTED_RETRY_MS, type WorkflowGateDeps } from "../../shared/gates/workflow/index.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fakeGitHub/index.js";

const token = "ghs_fake_workflow_token_0123456789";
let fake: FakeGitHub;
let clock = new Date("2026-04-01T10:00:00.250Z");
let repoNumber = 0;
let repo = "";

beforeAll(async () => {
  fake = await startFakeGitHub({ token, now: () => clock });
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});
beforeEach(async () => {
  repo = `smoke-${++repoNumber}`;
  await fake.createRepo("acme", repo, { ".github/workflows/smoke.yml": "on: workflow_dispatch\n", "README.md": "smoke\n" });
});

const deps = (): WorkflowGateDeps => ({ secrets: new EnvSecretSource({ SMOKE_TOKEN: token }), fetch, now: () => clock, throttle: false });
const gate = (overrides: Partial<WorkflowGate> = {}): WorkflowGate => ({
  kind: "workflow",
  name: "smoke",
  repository: `acme/${repo}`,
  workflow: "smoke.yml",
  ref: "main",
  inputs: { environment: "{stage}", promotion: "{promotionId}", sha: "{commit}", suite: "full" },
  apiUrl: fake.baseUrl,
  auth: { kind: "token", tokenSecret: "SMOKE_TOKEN" },
  pollIntervalMs: 60_000,
  timeoutMs: 3_600_000,
  ...overrides,
});
const dispatchInput = { promotionId: "web-20260401-1", stage: "prod", commit: "0ba6f0d30760d567de0bac86c8c4eec13ce1a590" };

describe("dispatchWorkflow", () => {
  it("dispatches with the rendered inputs and answers the run GitHub names, keyed by its head_sha", async () => {
    const result = await createDispatchWorkflow(deps())({ gate: gate(), ...dispatchInput });
    const [run] = fake.actions("acme", repo).runs();
    expect(run?.inputs).toEqual({ environment: "prod", promotion: "web-20260401-1", sha: dispatchInput.commit, suite: "full" });
    expect(result).toEqual({ status: "succeeded", value: { runId: run?.id, headSha: run?.headSha, htmlUrl: `https://github.example.test/acme/${repo}/actions/runs/${run?.id}` } });
    expect(run?.headSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it("passes no promotion fields the template does not ask for", async () => {
    await createDispatchWorkflow(deps())({ gate: gate({ inputs: {} }), ...dispatchInput });
    expect(fake.actions("acme", repo).runs()[0]?.inputs).toEqual({});
  });

  it("finds the run by listing when the server gives no run details (GHES), and is running until it is listed", async () => {
    const control = fake.actions("acme", repo);
    control.delayRuns();
    const dispatch = createDispatchWorkflow(deps());
    const first = await dispatch({ gate: gate(), ...dispatchInput });
    expect(first).toMatchObject({ status: "running", retryAfterMs: RUN_NOT_LISTED_RETRY_MS, detail: expect.stringContaining("its run is not listed yet") as string });
    control.reveal();
    clock = new Date(clock.getTime() + 5_000);
    const second = await dispatch({ gate: gate(), ...dispatchInput });
    const runs = control.runs();
    // The run of the first dispatch was created before the second dispatch: only the newer one matches.
    expect(second).toMatchObject({ status: "succeeded", value: { runId: runs.at(-1)?.id } });
    expect(fake.requests.filter((r) => r.endsWith("/actions/workflows/smoke.yml/runs"))).toHaveLength(2);
  });

  it("fails with the fix on 404 and 403, and errors (retryable) on a 502 or a rate limit", async () => {
    // GitHub answers 404 for an unknown workflow, though its description documents no 404 here.
    fake.failNext(404);
    const missing = await createDispatchWorkflow(deps())({ gate: gate({ workflow: "nope.yml" }), ...dispatchInput });
    expect(missing).toMatchObject({ status: "failed", reason: expect.stringContaining("not found (404); check the repository, the workflow file name") as string });
    fake.failNext(403);
    expect(await createDispatchWorkflow(deps())({ gate: gate(), ...dispatchInput })).toMatchObject({ status: "failed", reason: expect.stringContaining("needs actions:write") as string });
    fake.failNext(403, 1, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1775037600" });
    expect(await createDispatchWorkflow(deps())({ gate: gate(), ...dispatchInput })).toMatchObject({ status: "errored", reason: expect.stringContaining("rate limit") as string });
    fake.failNext(502);
    expect(await createDispatchWorkflow(deps())({ gate: gate(), ...dispatchInput })).toMatchObject({ status: "errored", retryable: true, reason: expect.stringContaining("GitHub answered 502") as string });
  });

  it("fails on wrong credentials and errors when the token secret is not configured, never showing the token", async () => {
    const wrong: WorkflowGateDeps = { ...deps(), secrets: new EnvSecretSource({ SMOKE_TOKEN: "ghs_wrong" }) };
    const refused = await createDispatchWorkflow(wrong)({ gate: gate(), ...dispatchInput });
    expect(refused).toMatchObject({ status: "failed", reason: expect.stringContaining("refused the credentials (401)") as string });
    const unset = await createDispatchWorkflow({ ...deps(), secrets: new EnvSecretSource({}) })({ gate: gate(), ...dispatchInput });
    expect(unset).toMatchObject({ status: "errored", reason: expect.stringContaining("secret SMOKE_TOKEN is not configured") as string });
    expect(JSON.stringify([refused, unset])).not.toContain("ghs_");
  });
});

describe("workflowRunStatus", () => {
  async function dispatched(): Promise<number> {
    const result = await createDispatchWorkflow(deps())({ gate: gate(), ...dispatchInput });
    if (result.status !== "succeeded") throw new Error(`dispatch did not succeed: ${JSON.stringify(result)}`);
    return result.value.runId;
  }

  it("is running while queued or in progress, then succeeds on conclusion success", async () => {
    const runId = await dispatched();
    const status = createWorkflowRunStatus(deps());
    expect(await status({ gate: gate(), runId })).toMatchObject({ status: "running", retryAfterMs: 60_000, detail: expect.stringContaining("is queued") as string });
    fake.actions("acme", repo).setRun(runId, { status: "in_progress", conclusion: null });
    expect(await status({ gate: gate(), runId })).toMatchObject({ status: "running", detail: expect.stringContaining("is in_progress") as string });
    fake.actions("acme", repo).setRun(runId, { status: "completed", conclusion: "success" });
    expect(await status({ gate: gate(), runId })).toEqual({ status: "succeeded", value: { conclusion: "success", htmlUrl: `https://github.example.test/acme/${repo}/actions/runs/${runId}` } });
  });

  it.each(["failure", "cancelled", "skipped", "timed_out"] as const)("fails on conclusion %s with the run's URL", async (conclusion) => {
    const runId = await dispatched();
    fake.actions("acme", repo).setRun(runId, { status: "completed", conclusion });
    expect(await createWorkflowRunStatus(deps())({ gate: gate(), runId })).toEqual({
      status: "failed",
      reason: `workflow gate smoke (acme/${repo} smoke.yml on main) run ${runId} concluded ${conclusion}: https://github.example.test/acme/${repo}/actions/runs/${runId}`,
    });
  });
});
