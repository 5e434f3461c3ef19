// Which gate a run-state-changed service hook settles: only the Azure Pipelines gate waiting for
// that run of that organization (organization names compare without case), and only once.
import { describe, expect, it } from "vitest";
import type { AzurePipelinesGate } from "../../shared/durable/activityContracts.js";
import { onAzurePipelinesRunFinished, startGate, type GateState } from "../../orchestrations/stage/gateDrivers.js";

const gate: AzurePipelinesGate = {
  kind: "azurePipelines",
  name: "smoke",
  organization: "Contoso",
  project: "Platform",
  pipelineId: 17,
  ref: "main",
  pinCommit: true,
  templateParameters: {},
  auth: { kind: "entra" },
  pollIntervalMs: 60_000,
  timeoutMs: 3_600_000,
};

function waiting(runId: number, organization = "contoso"): GateState {
  const s = startGate(gate, 0, 0);
  s.run = { id: runId, headSha: "c0ffee", url: `https://dev.azure.com/${organization}/p/_build/results?buildId=${runId}` };
  s.wait = { on: "azurePipelinesRun", organization, runId };
  return s;
}
const hook = (runId: number, result: string | null, organization = "contoso") => ({ organization, pipelineId: 17, runId, result, webUrl: `https://dev.azure.com/${organization}/p/_build/results?buildId=${runId}` });

describe("onAzurePipelinesRunFinished", () => {
  it("passes the gate on succeeded and fails it with any other result", () => {
    const ok = waiting(1);
    expect(onAzurePipelinesRunFinished([ok], hook(1, "succeeded", "CONTOSO"))).toBe(ok);
    expect(ok).toMatchObject({ outcome: "passed", detail: expect.stringMatching(/buildId=1 succeeded/) as string });
    for (const result of ["failed", "canceled", null]) {
      const s = waiting(2);
      onAzurePipelinesRunFinished([s], hook(2, result));
      expect(s).toMatchObject({ outcome: "failed", detail: expect.stringMatching(new RegExp(`concluded ${result ?? "without a result"}`)) as string });
    }
  });

  it("leaves gates of other runs, other organizations and settled gates alone", () => {
    const s = waiting(3);
    expect(onAzurePipelinesRunFinished([s], hook(4, "failed"))).toBeUndefined();
    expect(onAzurePipelinesRunFinished([s], hook(3, "failed", "fabrikam"))).toBeUndefined();
    expect(s.outcome).toBeUndefined();
    onAzurePipelinesRunFinished([s], hook(3, "succeeded"));
    expect(onAzurePipelinesRunFinished([s], hook(3, "failed"))).toBeUndefined();
    expect(s.outcome).toBe("passed");
  });

  it("starts with the gate's timeout as its deadline, not queued yet", () => {
    expect(startGate(gate, 0, 1_000)).toMatchObject({ deadline: 3_601_000, nextAt: 1_000, detail: "not queued yet" });
  });
});
