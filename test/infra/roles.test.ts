// The roles the templates give the app's identity are exactly those its Azure calls need: the
// list is derived from the code (which Azure SDK clients it constructs) and from host.json (which
// durable backend the host talks to), then compared with the role assignments the templates make.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateVar, isRecord, moduleParams, text, type Context, type Value } from "./bicep/evaluate.js";
import type { BicepFile, Expr, Statement } from "./bicep/parser.js";
import { BASE_PARAMS, bicepFile, KNOWN, repoRoot } from "./templates.js";

type RoleKey = string;
const ROLE_FILE = JSON.parse(readFileSync(join(repoRoot, "infra", "roles.json"), "utf8")) as Record<string, { id: string; name: string }>;
const BUILT_IN = JSON.parse(readFileSync(join(repoRoot, "test", "infra", "fixtures", "builtInRoles.json"), "utf8")) as { roles: Record<string, string[]> };

/** What each Azure SDK client the code constructs calls, and the role and scope that allows it. */
const CLIENTS: Record<string, { role: RoleKey; scope: string } | "no Azure call"> = {
  TableClient: { role: "storageTableDataContributor", scope: "Microsoft.Storage/storageAccounts" }, // createTable, entities
  SecretClient: { role: "keyVaultSecretsUser", scope: "Microsoft.KeyVault/vaults" }, // getSecret
  LogsQueryClient: { role: "logAnalyticsReader", scope: "Microsoft.OperationalInsights/workspaces" }, // queryWorkspace
  SourceControlConfigurationClient: { role: "reader", scope: "Microsoft.ContainerService/managedClusters|Microsoft.Kubernetes/connectedClusters" }, // fluxConfigurations.get
  EventGridDeserializer: "no Azure call", // parses delivered events
  DefaultAzureCredential: "no Azure call", // the identity itself
};

/** Azure calls made with Baton's own small clients (no SDK class to find), by their factory. */
const OWN_CLIENTS: Record<string, { role: RoleKey; scope: string }> = {
  createAcrReader: { role: "acrPull", scope: "Microsoft.ContainerRegistry/registries" }, // OCI manifests and blobs (shared/registry)
};

function ownClientsInCode(): Set<string> {
  const code = ["functions", "orchestrations", "shared"].flatMap((d) => sources(join(repoRoot, d))).map((f) => readFileSync(f, "utf8"));
  return new Set(Object.keys(OWN_CLIENTS).filter((name) => code.some((text) => new RegExp(`\\b${name}\\(`).test(text) && !new RegExp(`export function ${name}\\(`).test(text))));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Classes imported from @azure/* packages (except the Functions runtime) that the code constructs or calls factories on. */
function azureClientsInCode(): Set<string> {
  const used = new Set<string>();
  for (const file of ["functions", "orchestrations", "shared"].flatMap((d) => sources(join(repoRoot, d)))) {
    const text = readFileSync(file, "utf8");
    for (const imp of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(@azure\/[^"]+)"/g)) {
      if (imp[2] === "@azure/functions") continue;
      for (const spec of (imp[1] ?? "").split(",")) {
        const m = /^\s*(?!type\s)([A-Za-z0-9_]+)(?:\s+as\s+([A-Za-z0-9_]+))?\s*$/.exec(spec);
        if (!m) continue;
        const local = m[2] ?? m[1] ?? "";
        if (new RegExp(`\\bnew ${local}\\(|\\b${local}\\.from[A-Z]\\w*\\(`).test(text)) used.add(m[1] ?? "");
      }
    }
  }
  return used;
}

type Assignment = { principal: "identity" | "deployer"; role: string; scope: string };

/** Role assignments a template file makes for these parameters (conditions evaluated). */
function assignmentsIn(file: BicepFile, params: Record<string, Value>): Assignment[] {
  const ctx: Context = { file, params, known: KNOWN };
  const declared = new Map(file.statements.filter((s): s is Extract<Statement, { kind: "resource" }> => s.kind === "resource").map((s) => [s.name, s]));
  const out: Assignment[] = [];
  for (const s of declared.values()) {
    if (s.type !== "Microsoft.Authorization/roleAssignments") continue;
    const body = s.value.t === "if" ? s.value.body : s.value;
    if (s.value.t === "if" && !truthyVar(ctx, s.value.test)) continue;
    if (body.t !== "obj") throw new Error(`${s.name}: not an object`);
    const scopeExpr = body.props.find((p) => p.key === "scope")?.value;
    const scope = scopeExpr?.t === "id" ? declared.get(scopeExpr.name)?.type : undefined;
    const props = valueOf(ctx, body.props.find((p) => p.key === "properties")?.value);
    if (!isRecord(props) || !scope) throw new Error(`${s.name}: no scope or properties`);
    const role = text(props.roleDefinitionId ?? null).split("/").at(-1) ?? "";
    const principal = props.principalId === KNOWN["identity.outputs.principalId"] ? "identity" : props.principalId === BASE_PARAMS.principalId ? "deployer" : text(props.principalId ?? null);
    out.push({ principal: principal as Assignment["principal"], role, scope });
  }
  return out;
}

function valueOf(ctx: Context, e: Expr | undefined): Value {
  if (!e) return null;
  // Evaluate through a throwaway variable: the evaluator resolves names in the file's scope.
  const file: BicepFile = { file: ctx.file.file, statements: [...ctx.file.statements, { kind: "var", name: "__probe", value: e, decorators: [], line: e.line }] };
  return evaluateVar({ ...ctx, file }, "__probe");
}

function truthyVar(ctx: Context, e: Expr): boolean {
  return Boolean(valueOf(ctx, e));
}

const roleId = (key: string) => ROLE_FILE[key]?.id ?? `unknown role ${key}`;

function expectedForIdentity(backend: string): Assignment[] {
  const fromCode = [...azureClientsInCode()].flatMap((name) => {
    const need = CLIENTS[name];
    if (need === undefined) throw new Error(`the code constructs ${name} from an @azure package: say in CLIENTS which role it needs`);
    return need === "no Azure call" ? [] : [{ principal: "identity" as const, role: roleId(need.role), scope: need.scope }];
  });
  const fromOwnClients = [...ownClientsInCode()].flatMap((name) => {
    const need = OWN_CLIENTS[name];
    return need ? [{ principal: "identity" as const, role: roleId(need.role), scope: need.scope }] : [];
  });
  const host: Assignment[] = [
    // AzureWebJobsStorage blobs and the Flex Consumption deployment container.
    { principal: "identity", role: roleId("storageBlobDataOwner"), scope: "Microsoft.Storage/storageAccounts" },
    // Telemetry with Entra authentication.
    { principal: "identity", role: roleId("monitoringMetricsPublisher"), scope: "Microsoft.Insights/components" },
    ...(backend === "DurableTaskScheduler"
      ? [{ principal: "identity" as const, role: roleId("durableTaskDataContributor"), scope: "Microsoft.DurableTask/schedulers" }]
      : [
          { principal: "identity" as const, role: roleId("storageQueueDataContributor"), scope: "Microsoft.Storage/storageAccounts" },
          { principal: "identity" as const, role: roleId("storageTableDataContributor"), scope: "Microsoft.Storage/storageAccounts" },
        ]),
  ];
  return dedupe([...fromCode, ...fromOwnClients, ...host]);
}

function dedupe(list: Assignment[]): Assignment[] {
  return [...new Map(list.map((a) => [JSON.stringify(a), a])).values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("role assignments", () => {
  it("use real built-in role definition ids", () => {
    for (const [key, role] of Object.entries(ROLE_FILE)) {
      if (key.startsWith("_")) continue;
      expect(BUILT_IN.roles[role.name], `${key} (${role.name})`).toContain(role.id);
    }
  });

  it("know every Azure SDK client the code constructs", () => {
    const unknown = [...azureClientsInCode()].filter((name) => !(name in CLIENTS));
    expect(unknown).toEqual([]);
    expect([...azureClientsInCode()].sort()).toEqual(expect.arrayContaining(["LogsQueryClient", "SecretClient", "SourceControlConfigurationClient", "TableClient"]));
  });

  for (const backend of ["DurableTaskScheduler", "AzureStorage"]) {
    it(`give the identity exactly what the code and the host call, with ${backend}`, () => {
      const main = bicepFile("main.bicep");
      const mainParams = { ...BASE_PARAMS, durableBackend: backend, logQueryWorkspaceResourceIds: ["/subscriptions/s/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops-logs"], armReadinessClusterResourceIds: ["/subscriptions/s/resourceGroups/k8s/providers/Microsoft.ContainerService/managedClusters/aks-prod"], acrResourceId: "/subscriptions/s/resourceGroups/images/providers/Microsoft.ContainerRegistry/registries/myacr" };
      const ctx: Context = { file: main, params: mainParams, known: KNOWN };
      const rbac = assignmentsIn(bicepFile("app/rbac.bicep"), moduleParams(ctx, "rbac"));
      // Per-resource readers for resources outside the deployment (a module per workspace or cluster).
      const workspace = assignmentsIn(bicepFile("app/workspaceReader.bicep"), { workspaceName: "ops-logs", principalId: KNOWN["identity.outputs.principalId"] as string, roleDefinitionId: roleParam(ctx, "workspaceReaders") });
      const cluster = assignmentsIn(bicepFile("app/clusterReader.bicep"), { clusterResourceId: mainParams.armReadinessClusterResourceIds[0] ?? "", principalId: KNOWN["identity.outputs.principalId"] as string, roleDefinitionId: roleParam(ctx, "clusterReaders") });
      // The registry whose pushes start promotions (its own resource group): read with AcrPull.
      const registry = assignmentsIn(bicepFile("app/acrEvents.bicep"), moduleParams(ctx, "acrEvents"));
      const granted = dedupe([...rbac, ...workspace, ...cluster, ...registry].filter((a) => a.principal === "identity"));
      const expected = expectedForIdentity(backend).map((a) => (a.scope.includes("|") ? { ...a, scope: a.scope.split("|")[0] ?? "" } : a));
      expect(granted).toEqual(dedupe(expected));
    });
  }

  it("let the deployer write secrets and open the scheduler dashboard, nothing else", () => {
    const main = bicepFile("main.bicep");
    const ctx: Context = { file: main, params: BASE_PARAMS, known: KNOWN };
    const deployer = assignmentsIn(bicepFile("app/rbac.bicep"), moduleParams(ctx, "rbac")).filter((a) => a.principal === "deployer");
    expect(dedupe(deployer)).toEqual(
      dedupe([
        { principal: "deployer", role: roleId("keyVaultSecretsOfficer"), scope: "Microsoft.KeyVault/vaults" },
        { principal: "deployer", role: roleId("durableTaskDataContributor"), scope: "Microsoft.DurableTask/schedulers" },
      ]),
    );
  });
});

/** The role a main.bicep module loop passes as roleDefinitionId (evaluated, so a wrong key fails). */
function roleParam(ctx: Context, moduleName: string): string {
  const mod = ctx.file.statements.find((s) => s.kind === "module" && s.name === moduleName);
  if (!mod || mod.kind !== "module" || mod.value.t !== "for" || mod.value.body.t !== "obj") throw new Error(`${moduleName} is not a module loop`);
  const params = mod.value.body.props.find((p) => p.key === "params")?.value;
  const value = params ? valueOf({ ...ctx, params: { ...ctx.params } }, params.t === "obj" ? (params.props.find((p) => p.key === "roleDefinitionId")?.value ?? params) : params) : null;
  return text(value);
}
