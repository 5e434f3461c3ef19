// The Azure Pipelines gate's activities against the fake Azure DevOps Pipelines API, whose every
// request and response is checked against the published REST specification (api-version 7.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { guardedFetch } from "../../shared/net/outboundGuard.js";
import type { AzurePipelinesGate } from "../../shared/durable/activityContracts.js";
import { createAzurePipelinesRunStatus, createQueueAzurePipelinesRun, type AzurePipelinesGateDeps } from "../../shared/gates/azurePipelines/index.js";
import { azureDevOpsTokenScope } from "../../shared/azureDevOps/tokenScope.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/index.js";

const PAT = "ado-pat-0123456789abcdefghij";
let fake: FakeAzureDevOps;
beforeAll(async () => {
  fake = await startFakeAzureDevOps({ pat: PAT });
  fake.pipeline("contoso", "Platform", 17, "smoke-tests");
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const deps = (secrets: Record<string, string> = { ADO_PAT: PAT }): AzurePipelinesGateDeps => ({ secrets: new EnvSecretSource(secrets), fetch, credential: fake.credential });
const gate = (overrides: Partial<AzurePipelinesGate> = {}): AzurePipelinesGate => ({
  kind: "azurePipelines",
  name: "smoke",
  organization: "contoso",
  project: "Platform",
  pipelineId: 17,
  ref: "main",
  pinCommit: true,
  templateParameters: { environment: "{stage}", promotion: "{promotionId}", sha: "{commit}", suite: "full" },
  apiUrl: fake.baseUrl,
  auth: { kind: "pat", tokenSecret: "ADO_PAT" },
  pollIntervalMs: 60_000,
  timeoutMs: 3_600_000,
  ...overrides,
});
const input = { promotionId: "web-20260401-1", stage: "prod", commit: "0ba6f0d30760d567de0bac86c8c4eec13ce1a590" };

describe("queueAzurePipelinesRun", () => {
  it("queues the pipeline at the commit on the branch with the rendered template parameters, keyed by organization and run id", async () => {
    const result = await createQueueAzurePipelinesRun(deps())({ gate: gate(), ...input });
    const run = fake.runs().at(-1);
    expect(run).toMatchObject({ refName: "refs/heads/main", version: input.commit, templateParameters: { environment: "prod", promotion: "web-20260401-1", sha: input.commit, suite: "full" } });
    expect(result).toEqual({ status: "succeeded", value: { runId: run?.id, organization: "contoso", webUrl: `${fake.baseUrl}/contoso/Platform/_build/results?buildId=${run?.id}` } });
  });

  it("queues on the branch head when pinCommit is off, and takes a full ref as it is", async () => {
    await createQueueAzurePipelinesRun(deps())({ gate: gate({ pinCommit: false, ref: "refs/heads/release/1.x" }), ...input });
    const run = fake.runs().at(-1);
    expect(run?.refName).toBe("refs/heads/release/1.x");
    expect(run?.version).toBeUndefined();
  });

  it("authenticates with Baton's Entra identity for Azure DevOps' resource", async () => {
    const result = await createQueueAzurePipelinesRun(deps({}))({ gate: gate({ auth: { kind: "entra" } }), ...input });
    expect(result.status).toBe("succeeded");
    expect(fake.scopes).toContain(azureDevOpsTokenScope);
  });

  it("fails for a PAT Azure DevOps does not accept (its 203 sign-in page), without the PAT in the reason", async () => {
    const result = await createQueueAzurePipelinesRun(deps({ ADO_PAT: "wrong-pat" }))({ gate: gate(), ...input });
    expect(result).toMatchObject({ status: "failed", reason: expect.stringMatching(/refused the credentials \(203\)/) as string });
    expect(JSON.stringify(result)).not.toContain("wrong-pat");
  });

  it("fails for a pipeline that does not exist, errs (retryably) when the secret is missing or Azure DevOps is down", async () => {
    expect(await createQueueAzurePipelinesRun(deps())({ gate: gate({ pipelineId: 99 }), ...input })).toMatchObject({ status: "failed", reason: expect.stringMatching(/not found \(404/) as string });
    expect(await createQueueAzurePipelinesRun(deps({}))({ gate: gate(), ...input })).toMatchObject({ status: "errored", reason: expect.stringMatching(/ADO_PAT .* is not set/) as string });
    fake.failNext(503);
    expect(await createQueueAzurePipelinesRun(deps())({ gate: gate(), ...input })).toMatchObject({ status: "errored", reason: expect.stringMatching(/503; will retry/) as string });
    expect(await createQueueAzurePipelinesRun(deps())({ gate: gate({ apiUrl: "http://127.0.0.1:1" }), ...input })).toMatchObject({ status: "errored", reason: expect.stringMatching(/could not reach Azure DevOps/) as string });
  });
});

describe("the outbound policy", () => {
  it("fails the gate at once when the operator's policy refuses the host (the PAT is never sent)", async () => {
    const trust = readPipelineTrust({ BATON_ALLOWED_HOSTS: "dev.azure.com", BATON_ALLOW_LOOPBACK: "false" });
    const before = fake.requests.length;
    const result = await createQueueAzurePipelinesRun({ ...deps(), fetch: guardedFetch(trust.outbound) })({ gate: gate(), ...input });
    expect(result).toMatchObject({ status: "failed", reason: expect.stringMatching(/not allowed|loopback/) as string });
    expect(fake.requests.length).toBe(before);
  });
});

describe("azurePipelinesRunStatus", () => {
  it("is running while the run is in progress, succeeded when it succeeded, failed with the result otherwise", async () => {
    const status = createAzurePipelinesRunStatus(deps());
    const queue = createQueueAzurePipelinesRun(deps());
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await queue({ gate: gate(), ...input });
      if (r.status !== "succeeded") throw new Error(JSON.stringify(r));
      ids.push(r.value.runId);
    }
    const [ok = 0, bad = 0, stopped = 0] = ids;
    expect(await status({ gate: gate(), runId: ok })).toMatchObject({ status: "running", retryAfterMs: 60_000, detail: expect.stringMatching(/is inProgress/) as string });
    fake.finish(ok, "succeeded");
    fake.finish(bad, "failed");
    fake.finish(stopped, "canceled");
    expect(await status({ gate: gate(), runId: ok })).toEqual({ status: "succeeded", value: { result: "succeeded", webUrl: `${fake.baseUrl}/contoso/Platform/_build/results?buildId=${ok}` } });
    expect(await status({ gate: gate(), runId: bad })).toMatchObject({ status: "failed", reason: expect.stringMatching(new RegExp(`run ${bad} concluded failed`)) as string });
    expect(await status({ gate: gate(), runId: stopped })).toMatchObject({ status: "failed", reason: expect.stringMatching(/concluded canceled/) as string });
  });
});

describe("the fake checks Baton against the specification", () => {
  it("records a request the specification refuses (a template parameter that is not a string)", async () => {
    const before = fake.violations.length;
    const res = await fetch(`${fake.baseUrl}/contoso/Platform/_apis/pipelines/17/runs?api-version=7.1`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`:${PAT}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ templateParameters: { count: 3 } }),
    });
    expect(res.status).toBe(400);
    expect(fake.violations.slice(before)).toEqual([expect.stringMatching(/req post .*templateParameters\/count must be string/i)]);
    (fake.violations as string[]).splice(before);
    const noVersion = await fetch(`${fake.baseUrl}/contoso/Platform/_apis/pipelines/17/runs/1`, { headers: { authorization: `Basic ${Buffer.from(`:${PAT}`).toString("base64")}` } });
    expect(noVersion.status).toBe(400);
    expect(fake.violations.slice(before)).toEqual([expect.stringMatching(/missing required query parameter api-version/)]);
    (fake.violations as string[]).splice(before);
  });
});
