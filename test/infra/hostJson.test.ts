// host.json matches the durable backend the templates deploy: the Durable Task Scheduler by
// default, the Azure Storage provider (tuned through app settings) when chosen.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateVar, moduleParams } from "./bicep/evaluate.js";
import { appSettingsFor, BASE_PARAMS, bicepFile, KNOWN, repoRoot } from "./templates.js";

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;
const hostJson = JSON.parse(readFileSync(join(repoRoot, "host.json"), "utf8")) as { [key: string]: Json };

/** host.json as the host sees it: app settings `AzureFunctionsJobHost__a__b` override `a.b`. */
function effectiveHostJson(settings: Record<string, string>): { [key: string]: Json } {
  const copy: { [key: string]: Json } = structuredClone(hostJson);
  for (const [name, value] of Object.entries(settings)) {
    if (!name.startsWith("AzureFunctionsJobHost__")) continue;
    const path = name.split("__").slice(1);
    let node = copy;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as { [key: string]: Json };
    const leaf = path.at(-1) ?? "";
    node[leaf] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return copy;
}

function durable(host: { [key: string]: Json }): { [key: string]: Json } {
  return (host.extensions as { [key: string]: Json }).durableTask as { [key: string]: Json };
}

function seconds(timespan: string): number {
  const m = /^(?:(\d+)\.)?(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(timespan);
  if (!m) throw new Error(`not a TimeSpan: ${timespan}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

describe("host.json and the durable backend", () => {
  it("names the task hub the templates create, valid for both backends", () => {
    const hub = durable(hostJson).hubName;
    expect(evaluateVar({ file: bicepFile("main.bicep"), params: BASE_PARAMS, known: KNOWN }, "taskHubName")).toBe(hub);
    expect(moduleParams({ file: bicepFile("main.bicep"), params: BASE_PARAMS, known: KNOWN }, "scheduler").taskHubName).toBe(hub);
    // Azure Storage: 3-45 letters and digits starting with a letter (it prefixes queue and table names).
    expect(hub).toMatch(/^[A-Za-z][A-Za-z0-9]{2,44}$/);
  });

  it("uses the Durable Task Scheduler by default, through the identity", () => {
    const settings = appSettingsFor({});
    const provider = durable(effectiveHostJson(settings)).storageProvider as { [key: string]: Json };
    expect(provider.type).toBe("azureManaged");
    const connection = settings[provider.connectionStringName as string];
    expect(connection).toMatch(/;Authentication=ManagedIdentity;ClientID=/);
  });

  it("uses the Azure Storage provider when chosen, polling at least every second, on the identity-based connection", () => {
    const settings = appSettingsFor({ durableBackend: "AzureStorage" });
    const d = durable(effectiveHostJson(settings));
    const provider = d.storageProvider as { [key: string]: Json };
    expect(provider.type).toBe("AzureStorage");
    expect(seconds(provider.maxQueuePollingInterval as string)).toBeLessThanOrEqual(1);
    expect(provider.partitionCount).toBeGreaterThanOrEqual(1);
    expect(provider.partitionCount).toBeLessThanOrEqual(16);
    expect(provider.connectionName).toBe("AzureWebJobsStorage");
    expect(provider.connectionStringName).toBe("AzureWebJobsStorage");
    for (const service of ["blob", "queue", "table"]) expect(settings[`AzureWebJobsStorage__${service}ServiceUri`]).toMatch(/^https:\/\//);
    expect(settings.AzureWebJobsStorage__credential).toBe("managedidentity");
    expect(settings.DURABLE_TASK_SCHEDULER_CONNECTION_STRING).toBeUndefined();
  });

  it("keeps extended sessions off, and docs/azure.md says why (as for the partition count)", () => {
    expect(durable(hostJson).extendedSessionsEnabled).toBe(false);
    const guide = readFileSync(join(repoRoot, "docs", "azure.md"), "utf8");
    for (const word of ["extendedSessionsEnabled", "partitionCount", "maxQueuePollingInterval"]) expect(guide).toContain(word);
  });

  it("runs `func start` locally with the same Azure Storage tuning as the AzureStorage deployment", () => {
    const sample = JSON.parse(readFileSync(join(repoRoot, "local.settings.sample.json"), "utf8")) as { Values: Record<string, string> };
    const local = Object.fromEntries(Object.entries(sample.Values).filter(([k]) => k.startsWith("AzureFunctionsJobHost__")));
    const azure = Object.fromEntries(Object.entries(appSettingsFor({ durableBackend: "AzureStorage" })).filter(([k]) => k.startsWith("AzureFunctionsJobHost__")));
    expect(local).toEqual(azure);
  });

  it("targets Node 22 everywhere: the Flex runtime, the bundle and package.json", () => {
    const fn = readFileSync(join(repoRoot, "infra", "app", "function.bicep"), "utf8");
    expect(fn).toMatch(/runtime: \{\s*name: 'node'\s*version: '22'\s*\}/);
    expect(readFileSync(join(repoRoot, "infra", "bundle.mjs"), "utf8")).toContain('target: "node22"');
  });
});
