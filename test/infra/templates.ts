/**
 * Baton's Bicep templates, parsed, and the app settings they give the function app for a set of
 * main.bicep parameters: main.bicep's `app` module parameters are evaluated first (so its wiring
 * counts), then function.bicep's `appSettings`. Values only Azure knows come from KNOWN below,
 * shaped like the real ones.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateVar, isRecord, moduleParams, text, Unknown, type Value } from "./bicep/evaluate.js";
import { parseBicep, type BicepFile } from "./bicep/parser.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const infraDir = join(repoRoot, "infra");

export function bicepFiles(): BicepFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".bicep") ? [join(dir, d.name)] : []));
  return walk(infraDir)
    .sort()
    .map((path) => parseBicep(readFileSync(path, "utf8"), path));
}

export function bicepFile(relativePath: string): BicepFile {
  const path = join(infraDir, relativePath);
  return parseBicep(readFileSync(path, "utf8"), path);
}

export function relativeName(file: BicepFile): string {
  return relative(infraDir, file.file);
}

/** What Azure would report, in the real formats. */
export const KNOWN: Record<string, Value> = {
  "tenant().tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
  "identity.outputs.clientId": "0f5b8a9e-8d6c-4c1e-9a43-3c1c3f2a7d11",
  "identity.outputs.resourceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-baton-abc",
  "identity.outputs.principalId": "5d3a1c2b-0000-4000-8000-000000000001",
  "plan.outputs.resourceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverfarms/plan-baton-abc",
  "storage.outputs.name": "stbatonabc",
  "appInsights.outputs.name": "appi-baton-abc",
  "keyVault.outputs.uri": "https://kv-baton-abc.vault.azure.net/",
  "keyVault.outputs.name": "kv-baton-abc",
  "scheduler.outputs.endpoint": "https://dts-baton-abc.westeurope.durabletask.io",
  "scheduler.outputs.name": "dts-baton-abc",
  "entraApp.outputs.clientId": "3c8e1f0a-1111-4222-8333-444455556666",
  "storageAccount.properties.primaryEndpoints.blob": "https://stbatonabc.blob.core.windows.net/",
  "storageAccount.properties.primaryEndpoints.queue": "https://stbatonabc.queue.core.windows.net/",
  "storageAccount.properties.primaryEndpoints.table": "https://stbatonabc.table.core.windows.net/",
  "applicationInsights.properties.ConnectionString":
    "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=11111111-1111-1111-1111-111111111111",
};

export const BASE_PARAMS: Record<string, Value> = { environmentName: "prod", location: "westeurope", principalId: "9a9a9a9a-0000-4000-8000-000000000009" };

/** The function app's app settings for these main.bicep parameters (every value a string). */
export function appSettingsFor(params: Record<string, Value>): Record<string, string> {
  const main = bicepFile("main.bicep");
  const functionParams = moduleParams({ file: main, params: { ...BASE_PARAMS, ...params }, known: KNOWN }, "app");
  const settings = evaluateVar({ file: bicepFile("app/function.bicep"), params: functionParams, known: KNOWN }, "appSettings");
  if (!isRecord(settings)) throw new Error("appSettings is not an object");
  return Object.fromEntries(
    Object.entries(settings).map(([k, v]) => {
      if (v instanceof Unknown || typeof v !== "string") throw new Error(`app setting ${k} is not a known string: ${text(v)}`);
      if (v.includes("<")) throw new Error(`app setting ${k} depends on something only Azure knows: ${v}`);
      return [k, v];
    }),
  );
}

/** Parameter sets that cover every branch of the settings. */
export const SCENARIOS: { name: string; params: Record<string, Value> }[] = [
  { name: "defaults (Durable Task Scheduler, no pipelines, no bot)", params: {} },
  { name: "Azure Storage backend", params: { durableBackend: "AzureStorage" } },
  {
    name: "pipelines through a GitHub App, Teams bot",
    params: {
      pipelinesRepository: "acme/gitops",
      pipelinesGithubAppId: "123456",
      pipelinesGithubInstallationId: "7890123",
      teamsBotAppId: "6a1f8f8e-2b1c-4d3e-9f00-123456789abc",
    },
  },
  { name: "pipelines through a token on GitHub Enterprise Server", params: { pipelinesRepository: "acme/gitops", pipelinesTokenSecret: "GITOPS_TOKEN", pipelinesGithubApiUrl: "https://github.acme.example/api/v3" } },
  { name: "pipelines in Azure Repos with the app's managed identity", params: { pipelinesRepository: "https://dev.azure.com/contoso/platform/_git/gitops", pipelinesAuth: "entra" } },
  { name: "pipelines on any git server", params: { pipelinesRepository: "https://git.acme.example/platform/gitops.git", pipelinesTokenSecret: "GITOPS_TOKEN", createEntraApp: false, entraClientId: "0b0b0b0b-0000-4000-8000-00000000000b" } },
];
