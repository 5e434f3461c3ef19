// The Azure Pipelines gate end to end on dev, with the real promotion in the local runtime and
// virtual time: the gate queues a run at the promoted commit on the fake Azure DevOps Pipelines API
// (checked against the published REST specification) and is released by the
// ms.vss-pipelines.run-state-changed-event service hook through /api/ingest/azuredevops, or, when
// no hook arrives, by polling the run.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/index.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, head, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

const PAT = "e2e-azure-devops-pat-0123456789";
const HOOK_TOKEN = "e2e-azure-devops-hook-token";
let ado: FakeAzureDevOps;
beforeAll(async () => {
  ado = await startFakeAzureDevOps({ pat: PAT });
  ado.pipeline("contoso", "Platform", 17, "smoke-tests");
});
afterAll(async () => {
  expect(ado?.violations).toEqual([]);
  await ado?.close();
});

const world = useBatonWorld({
  tablePrefix: "e2eazpipes",
  pipelines: {
    dev: `        gates:
          - { kind: azurePipelines, name: smoke, organization: contoso, project: Platform, pipelineId: 17, ref: main, templateParameters: { environment: "{stage}", commit: "{commit}" }, apiUrl: "{ado}", auth: { kind: pat, tokenSecret: E2E_ADO_PAT }, pollInterval: 2m, timeout: 1h }
`,
  },
  env: () => ({ E2E_ADO_PAT: PAT, AZUREDEVOPS_WEBHOOK_TOKEN: HOOK_TOKEN }),
  rewrite: (yaml) => yaml.replace("{ado}", ado.baseUrl),
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

/** Azure DevOps reports the run completed: the documented payload, sent with basic credentials. */
async function runStateChanged(runId: number, result: "succeeded" | "failed" | "canceled"): Promise<Response> {
  const hook = JSON.parse(readFileSync(new URL("../fixtures/azureDevOps/serviceHooks/runStateChanged.json", import.meta.url), "utf8")) as {
    id: string;
    resource: { run: { id: number; result: string; url: string; _links: { self: { href: string }; web: { href: string } } } };
  };
  hook.id = `run-${runId}-${result}`;
  const run = hook.resource.run;
  run.id = runId;
  run.result = result;
  // As Azure DevOps names the run: dev.azure.com, the project by id; the organization matches the gate's.
  run.url = `https://dev.azure.com/contoso/6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f/_apis/Pipelines/17/runs/${runId}`;
  run._links.self.href = run.url;
  run._links.web.href = `https://dev.azure.com/contoso/6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f/_build/results?buildId=${runId}`;
  return host.fetch("/api/ingest/azuredevops", {
    method: "POST",
    body: JSON.stringify(hook),
    headers: { "content-type": "application/json; charset=utf-8", authorization: `Basic ${Buffer.from(`azure-devops:${HOOK_TOKEN}`).toString("base64")}` },
  });
}

async function queuedRun(digest: string, version: string) {
  expect(await devStatus(digest)).toMatch(/^gates: smoke: run .* queued/);
  const run = ado.runs().at(-1);
  if (!run) throw new Error("no run queued");
  expect(run).toMatchObject({ organization: "contoso", project: "Platform", pipelineId: 17, refName: "refs/heads/main", version, templateParameters: { environment: "dev", commit: version }, state: "inProgress" });
  return run;
}

describe("an Azure Pipelines gate on dev", () => {
  it("queues the smoke pipeline at the promoted commit and passes when the service hook reports succeeded", async () => {
    const digest = digestOf(0xad01);
    expect((await pushImage(host, "10.0.0", digest, "2026-01-05T09:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    const run = await queuedRun(digest, await head(server));
    // The fake still says inProgress: only the hook can release the gate now.
    const res = await runStateChanged(run.id, "succeeded");
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "routed", delivered: 1 });
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("fails dev with the run's result when the hook reports failed (and rolls it back)", async () => {
    const digest = digestOf(0xad02);
    expect((await pushImage(host, "10.1.0", digest, "2026-01-05T10:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    const run = await queuedRun(digest, await head(server));
    expect((await runStateChanged(run.id, "failed")).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    await fluxReconcilesHead(host, server, "dev");
    const s = await statusOf(host, promotionId(digest));
    expect((s.output as { reason: string }).reason).toMatch(new RegExp(`^dev: gates: gate smoke failed: run .*buildId=${run.id} concluded failed`));
  });

  it("passes by polling the run when no service hook arrives", async () => {
    const digest = digestOf(0xad03);
    expect((await pushImage(host, "10.2.0", digest, "2026-01-05T11:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    const run = await queuedRun(digest, await head(server));
    await host.advanceThroughTimers(2 * 60_000);
    expect(await devStatus(digest)).toMatch(new RegExp(`^gates: smoke: run .*buildId=${run.id}: .* is inProgress`));
    ado.finish(run.id, "succeeded");
    await host.advanceThroughTimers(2 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect(ado.requests.filter((r) => r === `GET /contoso/Platform/_apis/pipelines/17/runs/${run.id}`).length).toBeGreaterThanOrEqual(2);
  });
});
