// azure.yaml and the post-provision hook: azure.yaml is valid against azd's published schema and
// ships the bundle; the hook prints the addresses the app really serves, names the Key Vault
// secrets exactly as the code reads them, and reads only outputs the templates produce.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { vaultSecretName } from "../../shared/config/keyVaultSecrets.js";
import { SECRET } from "../../shared/ingest/secretNames.js";
import { nextSteps, vaultSecretName as hookVaultSecretName, vaultSecrets } from "../../infra/hooks/nextSteps.mjs";
import { bicepFile, repoRoot } from "./templates.js";

const azureYaml = parse(readFileSync(join(repoRoot, "azure.yaml"), "utf8")) as {
  services: Record<string, { project: string; dist: string; host: string; language: string }>;
  hooks: Record<string, Record<string, { run: string; shell: string }>>;
};

/** The route a function in functions/ registers, with host.json's prefix. */
function route(file: string): string {
  const text = readFileSync(join(repoRoot, "functions", file), "utf8");
  const prefix = (JSON.parse(readFileSync(join(repoRoot, "host.json"), "utf8")) as { extensions: { http: { routePrefix: string } } }).extensions.http.routePrefix;
  const r = /route:\s*"([^"]+)"/.exec(text)?.[1];
  if (!r) throw new Error(`no route in ${file}`);
  return `/${prefix}/${r.replace(/\/\{[^}]+\?\}$/, "")}`;
}

const OUTPUTS = {
  BATON_URL: "https://func-baton-abc.azurewebsites.net",
  BATON_KEY_VAULT_NAME: "kv-baton-abc",
  BATON_ENTRA_CLIENT_ID: "3c8e1f0a-1111-4222-8333-444455556666",
  BATON_SCHEDULER_DASHBOARD: "https://dashboard.durabletask.io/?endpoint=x&taskhub=BatonHub",
  BATON_TEAMS_BOT_NAME: "bot-baton-abc",
  BATON_ACR_SUBSCRIPTION: "baton-image-pushed",
  APPLICATIONINSIGHTS_NAME: "appi-baton-abc",
};

describe("azure.yaml", () => {
  it("is valid against azd's schema (Azure/azure-dev schemas/v1.0/azure.yaml.json)", () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, "test/infra/fixtures/azure.yaml.schema.json"), "utf8")) as object;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The schema points at azd extensions' own schemas (AI agents and the like) for hosts Baton
    // does not use; they are not part of the fixture, so they accept anything here.
    for (const ref of new Set(JSON.stringify(schema).match(/https:\/\/[^"#]+\.json(?=[#"])/g) ?? [])) {
      if (!ref.endsWith("/schemas/v1.0/azure.yaml.json")) ajv.addSchema({ $id: ref }, ref);
    }
    const validate = ajv.compile(schema);
    expect(validate(azureYaml), JSON.stringify(validate.errors)).toBe(true);
    // The schema is strict where it matters: an unknown hook shell is refused.
    const broken = structuredClone(azureYaml);
    (broken.hooks.postprovision ?? {}).posix = { run: "node x", shell: "bash" };
    expect(validate(broken)).toBe(false);
  });

  it("ships the folder infra/bundle.mjs writes, built by npm run build, to a function app tagged for it", () => {
    const api = azureYaml.services.api;
    expect(api).toMatchObject({ project: ".", host: "function", dist: ".deploy" });
    expect(readFileSync(join(repoRoot, "infra/bundle.mjs"), "utf8")).toContain('join(root, ".deploy")');
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain("node infra/bundle.mjs");
    expect(readFileSync(join(repoRoot, "infra/app/function.bicep"), "utf8")).toContain("'azd-service-name': 'api'");
  });

  it("runs the post-provision hook with Node on every platform", () => {
    const hook = azureYaml.hooks.postprovision ?? {};
    for (const platform of ["posix", "windows"]) {
      expect(hook[platform]?.run).toBe("node infra/hooks/postprovision.mjs");
    }
    expect(existsSync(join(repoRoot, "infra/hooks/postprovision.mjs"))).toBe(true);
  });
});

describe("the post-provision hook", () => {
  const text = nextSteps(OUTPUTS);

  it("prints the addresses the app serves: webhooks, Flux per cluster, the bot, the ops API", () => {
    expect(text).toContain(`${OUTPUTS.BATON_URL}${route("ingestGithub.ts")}`);
    expect(text).toContain(`${OUTPUTS.BATON_URL}${route("ingestFlux.ts")}/<cluster`);
    expect(text).toContain(`${OUTPUTS.BATON_URL}${route("teamsMessages.ts")}`);
    expect(text).toContain(`${OUTPUTS.BATON_URL}${route("opsPromotions.ts")}`);
    expect(text).toContain(`${OUTPUTS.BATON_URL}${route("health.ts")}`);
    expect(text).toContain(OUTPUTS.BATON_SCHEDULER_DASHBOARD);
    expect(text).toContain("baton-setup clusters");
    for (const role of ["viewer", "operator", "approver"]) expect(text).toContain(role);
  });

  it("names Key Vault secrets exactly as the code reads them, and covers every one", () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/), (name) => hookVaultSecretName(name) === vaultSecretName(name)));
    const listed = vaultSecrets(OUTPUTS).map((s) => s.setting);
    for (const s of Object.values(SECRET)) expect(listed).toContain(s.current);
    expect(listed).toEqual(expect.arrayContaining(["BATON_OPS_KEYS", "BATON_TEAMS_APP_PASSWORD"]));
    expect(vaultSecrets({}).map((s) => s.setting)).not.toContain("BATON_TEAMS_APP_PASSWORD");
    for (const s of vaultSecrets(OUTPUTS)) expect(text).toContain(s.name);
  });

  it("says what Azure DevOps needs when the pipelines file is read with the app's identity, and only then", () => {
    const entra = nextSteps({ ...OUTPUTS, BATON_IDENTITY_CLIENT_ID: "9d1c0b2a-7777-4888-9999-000011112222", BATON_PIPELINES_AUTH: "entra" });
    expect(entra).toContain("managed identity (client id 9d1c0b2a-7777-4888-9999-000011112222)");
    expect(entra).toMatch(/Organization settings > Users, Basic access\) with Read on the repository/);
    expect(text).not.toContain("Pipelines file (Azure Repos)");
  });

  it("never prints a secret value", () => {
    expect(nextSteps(OUTPUTS, { "github-webhook-secret": "created" })).not.toMatch(/[0-9a-f]{32}/);
  });

  it("reads only outputs main.bicep produces or azd environment values main.parameters.json reads", () => {
    const hookSource = readFileSync(join(repoRoot, "infra/hooks/nextSteps.mjs"), "utf8");
    const read = new Set([...hookSource.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1] ?? ""));
    const outputs = new Set(bicepFile("main.bicep").statements.flatMap((s) => (s.kind === "output" ? [s.name] : [])));
    const parameters = readFileSync(join(repoRoot, "infra/main.parameters.json"), "utf8");
    expect([...read].filter((name) => !outputs.has(name) && !parameters.includes(`\${${name}`))).toEqual([]);
  });
});
