// The app settings the templates give the function app, held against the code that reads them:
// Baton's own settings readers accept them, every setting the code reads is set by the templates
// or accounted for, and no key, password or secret-bearing connection string is among them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../shared/config/settings.js";
import { vaultSecretName } from "../../shared/config/keyVaultSecrets.js";
import { SECRET } from "../../shared/ingest/secretNames.js";
import { readIngestSettings } from "../../shared/ingest/settings.js";
import { readOpsSettings } from "../../shared/ops/settings.js";
import { readPipelineSourceSettings } from "../../shared/pipelines/source/settings.js";
import { readTeamsSettings } from "../../shared/teams/settings.js";
import { readActivitySettings } from "../../orchestrations/activities/settings.js";
import { moduleParams } from "./bicep/evaluate.js";
import { appSettingsFor, BASE_PARAMS, bicepFile, KNOWN, repoRoot, SCENARIOS } from "./templates.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const SETTING = /\b(BATON_[A-Z0-9_]*[A-Z0-9]|AZURE_[A-Z0-9_]*[A-Z0-9]|WEBSITE_[A-Z0-9_]*[A-Z0-9]|APPLICATIONINSIGHTS_[A-Z_]*[A-Z]|AzureWebJobsStorage(?:__[A-Za-z]+)?)\b/g;
const SECRETS = [...Object.values(SECRET).flatMap((s) => [s.current, s.previous]), "BATON_OPS_KEYS", "BATON_TEAMS_APP_PASSWORD"];

/** Every setting name the app's code mentions (functions/, orchestrations/, shared/). */
function settingsTheCodeReads(): Set<string> {
  const names = new Set<string>();
  for (const file of ["functions", "orchestrations", "shared"].flatMap((d) => sources(join(repoRoot, d)))) {
    // Comments mention settings the code does not read (platform ones, for instance): skip them.
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|(^|[^:"'`])\/\/.*$/gm, "$1");
    for (const m of text.matchAll(SETTING)) names.add(m[1] ?? "");
    // @azure/identity's DefaultAzureCredential reads AZURE_CLIENT_ID to pick a user-assigned identity.
    if (text.includes("new DefaultAzureCredential(")) names.add("AZURE_CLIENT_ID");
  }
  for (const s of SECRETS) names.add(s);
  return names;
}

/** Settings the templates leave out on purpose, each with the reason. */
const NOT_IN_TEMPLATES: Record<string, string> = {
  // Secrets: in Key Vault (BATON_KEY_VAULT_URL), never app settings. docs/azure.md lists them.
  ...Object.fromEntries(SECRETS.map((s) => [s, "secret in Key Vault"])),
  // Set by App Service itself.
  WEBSITE_AUTH_ENABLED: "set by App Service when authsettingsV2 is enabled",
  // The code's default is the right value on Azure.
  BATON_SECRET_CACHE_SECONDS: "default 300",
  BATON_INGEST_MAX_BODY_BYTES: "default 1 MiB",
  BATON_DELIVERY_RETENTION_HOURS: "default 72 (GitHub's redelivery window)",
  BATON_OPS_MAX_BODY_BYTES: "default 16 KiB",
  BATON_GIT_AUTHOR_NAME: "default Baton",
  BATON_GIT_AUTHOR_EMAIL: "default baton@users.noreply.github.com",
  BATON_GIT_SCRATCH_DIR: "default: the OS temp folder (writable on Flex Consumption)",
  BATON_ARM_MAX_STATUS_AGE_SECONDS: "default 600",
  BATON_TEAMS_MAX_BODY_BYTES: "default 64 KiB",
  BATON_TEAMS_APP_PASSWORD_SECRET: "default BATON_TEAMS_APP_PASSWORD (vault secret baton-teams-app-password)",
  // Local development and tests only.
  BATON_ALLOW_LOOPBACK: "lets the pipelines file reach loopback: local runs and tests only (nothing of Baton's listens there on Azure)",
  BATON_HOST_LISTEN_ADDRESS: "the local host's (baton-host) listen address; the Functions host on Azure has its own",
  BATON_PIPELINES: "inline pipelines text: tests and quick local runs",
  BATON_PIPELINES_FILE: "a local pipelines file: development",
  BATON_TEAMS_LOGIN_URL: "tests only (loopback fake of Entra)",
  BATON_TEAMS_GRAPH_URL: "tests only (loopback fake of Microsoft Graph)",
  AzureWebJobsStorage: "a connection string: local Azurite only; Azure uses the identity-based AzureWebJobsStorage__* settings",
  AzureWebJobsStorage__accountName: "alternative to AzureWebJobsStorage__tableServiceUri, which the templates set",
  // Options the template does not offer; docs/azure.md says how to add them by hand.
  BATON_PIPELINES_USERNAME: "basic auth for a git server: manual (docs/azure.md)",
  BATON_PIPELINES_PASSWORD_SECRET: "basic auth for a git server: manual (docs/azure.md)",
  BATON_PIPELINES_PROVIDER: "Azure DevOps Server (not dev.azure.com) holding the pipelines file: manual (docs/azure.md)",
  BATON_EVENTGRID_ENTRA_TENANT_ID: "Event Grid to the HTTP door with Entra delivery: manual (the template delivers to the Event Grid trigger)",
  BATON_EVENTGRID_ENTRA_AUDIENCE: "see BATON_EVENTGRID_ENTRA_TENANT_ID",
};

/** Set by the templates but read by the platform, not by Baton's code. */
const PLATFORM_SETTINGS = /^(AzureWebJobsStorage__(credential|clientId|blobServiceUri|queueServiceUri)|APPLICATIONINSIGHTS_(CONNECTION_STRING|AUTHENTICATION_STRING)|DURABLE_TASK_SCHEDULER_CONNECTION_STRING|AzureFunctionsJobHost__.+)$/;

// Flex Consumption refuses these, or they carry keys.
const FORBIDDEN = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "AzureWebJobsStorage"];
const SECRET_VALUE = /AccountKey=|SharedAccessKey|SharedAccessSignature|[?&]sig=|Password=|client_secret|-----BEGIN|\bkey=[A-Za-z0-9+/=]{20,}/i;

describe("app settings from the templates", () => {
  for (const scenario of SCENARIOS) {
    it(`are accepted by Baton's own settings readers: ${scenario.name}`, () => {
      const env = appSettingsFor(scenario.params);
      const baton = readSettings(env);
      expect(baton.keyVaultUrl?.href).toBe(KNOWN["keyVault.outputs.uri"]);
      expect(baton.publicUrl.protocol).toBe("https:");
      const ingest = readIngestSettings(env);
      // Baton's tables through the identity, in the account the host uses.
      expect(ingest.storage).toEqual({ kind: "identity", tableEndpoint: KNOWN["storageAccount.properties.primaryEndpoints.table"] });
      expect(readOpsSettings(env).trustPrincipal).toBe(true);
      readActivitySettings(env);
      const pipelines = readPipelineSourceSettings(env);
      expect(Boolean(pipelines.repository)).toBe(Boolean(scenario.params.pipelinesRepository));
      if (env.BATON_TEAMS_APP_ID) expect(readTeamsSettings(env)).toMatchObject({ appId: scenario.params.teamsBotAppId, appType: "SingleTenant", tenantId: KNOWN["tenant().tenantId"] });
      // DefaultAzureCredential must pick the user-assigned identity, the one holding the roles.
      expect(env.AZURE_CLIENT_ID).toBe(KNOWN["identity.outputs.clientId"]);
      expect(env.AzureWebJobsStorage__clientId).toBe(env.AZURE_CLIENT_ID);
    });

    it(`hold no key, password or secret-bearing connection string: ${scenario.name}`, () => {
      const env = appSettingsFor(scenario.params);
      for (const name of FORBIDDEN) expect(env).not.toHaveProperty(name);
      for (const secret of SECRETS) expect(env).not.toHaveProperty(secret);
      for (const [name, value] of Object.entries(env)) {
        expect(`${name}=${value}`).not.toMatch(SECRET_VALUE);
        // Settings named *_SECRET hold the NAME of a secret (the readers refuse anything else).
        if (/_SECRET$/.test(name)) expect(value).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      }
      expect(env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(`ClientId=${env.AZURE_CLIENT_ID};Authorization=AAD`);
      if (env.DURABLE_TASK_SCHEDULER_CONNECTION_STRING) expect(env.DURABLE_TASK_SCHEDULER_CONNECTION_STRING).toMatch(/^Endpoint=https:\/\/[^;]+;Authentication=ManagedIdentity;ClientID=[0-9a-f-]{36}$/);
    });
  }

  it("leave Application Insights' instrumentation key powerless: local authentication is off", () => {
    const main = bicepFile("main.bicep");
    expect(moduleParams({ file: main, params: BASE_PARAMS, known: KNOWN }, "appInsights").disableLocalAuth).toBe(true);
    const storage = moduleParams({ file: main, params: BASE_PARAMS, known: KNOWN }, "storage");
    expect(storage).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false });
    expect(moduleParams({ file: main, params: BASE_PARAMS, known: KNOWN }, "keyVault")).toMatchObject({ enableRbacAuthorization: true, enablePurgeProtection: true });
  });

  it("cover every setting the code reads, or account for it", () => {
    const read = settingsTheCodeReads();
    const set = new Set(SCENARIOS.flatMap((s) => Object.keys(appSettingsFor(s.params))));
    const missing = [...read].filter((name) => !set.has(name) && !(name in NOT_IN_TEMPLATES));
    expect(missing).toEqual([]);
    // Nothing listed here that the code no longer reads, or that the templates now set.
    expect(Object.keys(NOT_IN_TEMPLATES).filter((name) => !read.has(name))).toEqual([]);
    expect(Object.keys(NOT_IN_TEMPLATES).filter((name) => set.has(name))).toEqual([]);
    // And nothing set that neither the code nor the platform reads.
    expect([...set].filter((name) => !read.has(name) && !PLATFORM_SETTINGS.test(name))).toEqual([]);
  });

  it("document the manual settings and every Key Vault secret in docs/azure.md", () => {
    const guide = readFileSync(join(repoRoot, "docs", "azure.md"), "utf8");
    const manual = Object.entries(NOT_IN_TEMPLATES).filter(([, why]) => why.includes("manual")).map(([name]) => name);
    for (const name of manual) expect(guide).toContain(name);
    for (const secret of SECRETS) expect(guide).toContain(vaultSecretName(secret));
  });

  it("are parameters of main.bicep, each described with the setting it becomes", () => {
    const main = bicepFile("main.bicep");
    const described = main.statements.flatMap((s) => (s.kind === "param" ? s.decorators.filter((d) => d.name === "description").map((d) => JSON.stringify(d.args)) : [])).join("\n");
    for (const name of ["BATON_PIPELINES_REPOSITORY", "BATON_PIPELINES_BRANCH", "BATON_PIPELINES_PATH", "BATON_PIPELINES_GITHUB_API_URL", "BATON_PIPELINES_GITHUB_APP_ID", "BATON_PIPELINES_GITHUB_INSTALLATION_ID", "BATON_PIPELINES_TOKEN_SECRET", "BATON_PIPELINES_AUTH"]) {
      expect(described).toContain(name);
    }
  });
});
