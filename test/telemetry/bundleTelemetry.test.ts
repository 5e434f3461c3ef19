// The deployment bundle with telemetry on, in its own process as the Functions worker runs it: the
// distro bundled by esbuild starts from APPLICATIONINSIGHTS_CONNECTION_STRING and delivers a door's
// span to the (fake) ingestion endpoint. Without the setting the same bundle never starts it (the
// other bundle test and test/telemetry/sdkLoading.test.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeAppInsights, type FakeAppInsights } from "../support/fakeAppInsights.js";
import { repoRoot, startHostProcess, type HostProcess } from "../support/hostProcess.js";

const out = mkdtempSync(join(tmpdir(), "baton-bundle-otel-"));
let host: HostProcess | undefined;
let ingestion: FakeAppInsights | undefined;
afterAll(async () => {
  await host?.kill9();
  await ingestion?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("the deployment bundle with Application Insights configured", () => {
  it("sends a door's span as a request", async () => {
    ingestion = await startFakeAppInsights();
    execFileSync(process.execPath, ["infra/bundle.mjs"], { cwd: repoRoot, env: { ...process.env, BATON_BUNDLE_OUT: out }, stdio: "pipe" });
    host = await startHostProcess({
      app: out,
      dataDir: join(out, "state"),
      env: {
        BATON_PIPELINES: "",
        FLUX_WEBHOOK_TOKEN: "flux-token-for-the-bundle-test",
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
        // The child trusts the fake's throwaway certificate this way only (it talks to loopback only).
        NODE_TLS_REJECT_UNAUTHORIZED: "0",
      },
    });
    const res = await fetch(`${host.origin}/api/ingest/flux/aks-dev`, { method: "POST", headers: { "content-type": "application/json", "x-signature": "sha256=00" }, body: "{}" });
    expect(res.status).toBe(401);
    await ingestion.received((all) => all.some((e) => e.data.baseType === "RequestData" && e.data.baseData.name === "POST /api/ingest/flux/aks-dev"));
    const request = ingestion.envelopes.find((e) => e.data.baseData.name === "POST /api/ingest/flux/aks-dev");
    expect(request?.data.baseData).toMatchObject({ responseCode: "401", success: false });
    expect(request?.data.baseData.properties).toMatchObject({ "faas.trigger": "http", "baton.function": "ingestFlux" });
  }, 300_000); // bundling plus a cold host start: minutes on a loaded 2-core machine
});
