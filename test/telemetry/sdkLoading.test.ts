// Cold start does not pay for telemetry that is off: no function module loads the Azure Monitor
// OpenTelemetry distro (or any OpenTelemetry SDK part) when it is imported. The doors and the
// activities reach it only through `await import()` in shared/telemetry/start.ts, taken only when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set. Baton's own code uses the OpenTelemetry API only,
// which does nothing until the distro registers a provider. Same method as test/teams/sdkLoading.
import { readdirSync } from "node:fs";
import type { Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { metafileOf, reachable } from "../support/importGraph.js";

const SDK = /^(@azure\/monitor-opentelemetry(-exporter)?|@opentelemetry\/(sdk-[a-z-]+|instrumentation[a-z-]*|exporter-[a-z-]+|resources|core))(\/|$)/;
const DISTRO = /^@azure\/monitor-opentelemetry(\/|$)/;

const functions = readdirSync("functions").filter((f) => f.endsWith(".ts")).sort().map((f) => `functions/${f}`);
let metafile: Metafile;
beforeAll(async () => {
  metafile = await metafileOf(functions);
}, 120_000);

describe("which function modules load the telemetry SDK", () => {
  it.each(functions)("%s does not load it when imported", (entry) => {
    expect(metafile.inputs[entry]).toBeDefined();
    expect([...reachable(metafile, entry, false)].filter((p) => SDK.test(p))).toEqual([]);
  });

  it.each(["functions/ingestGithub.ts", "functions/acrEventgridTrigger.ts", "functions/opsPromotions.ts", "functions/orchestrations.ts"])("%s loads the distro on first use (await import)", (entry) => {
    expect([...reachable(metafile, entry, true)].some((p) => DISTRO.test(p))).toBe(true);
  });
});
