// Issue 13 (cold start): what the deployment bundle loads when the Functions worker imports it.
// The bundle is built into a scratch folder with esbuild's metafile (which module went into which
// chunk), then imported in a fresh Node process whose module hooks record every file it loads.
// The modules in those chunks are what a cold start compiles and runs. They must be the Functions
// and Durable libraries (with their own dependencies), Baton's registrations, orchestrators and
// door adapters, and nothing else: integration SDKs, composition roots, handlers, routes and the
// activity factories are in chunks loaded on first use. Which modules, never how long: the check
// does not depend on the machine's load (the timing is test/bench/coldStart.bench.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/hostProcess.js";

/** What Baton itself may load at cold start besides the two libraries and their dependencies. */
const BATON_EAGER_PACKAGES = [
  // The doors' and activities' spans: the API only, which does nothing until the distro (loaded on
  // first use, only with a connection string) registers a provider.
  "@opentelemetry/api",
  "@opentelemetry/api-logs",
  // Chart readiness in the stage orchestrator (a HelmRelease's chart version), which cannot await.
  "semver",
];

/** Integration SDKs and heavy libraries no function needs at load: each is used by a few, later. */
const FIRST_USE_PACKAGES = [
  "@azure/identity",
  "@azure/msal-node",
  "@azure/data-tables",
  "@azure/keyvault-secrets",
  "@azure/eventgrid",
  "@azure/arm-kubernetesconfiguration",
  "@azure/monitor-query-logs",
  "@kubernetes/client-node",
  "@microsoft/agents-hosting",
  "@octokit/rest",
  "isomorphic-git",
  "undici",
  "jose",
  "yaml",
  "zod",
  "re2js",
  "cron-parser",
  "rrule",
];

/** Baton's own modules behind the first-use boundary: the roots and what the doors run. */
const FIRST_USE_MODULES = [
  "shared/ingest/composition/ingestRoot.ts",
  "shared/ingest/composition/pipelineWatch.ts",
  "shared/ops/composition/opsRoot.ts",
  "shared/ops/api/routes.ts",
  "shared/teams/composition/teamsRoot.ts",
  "shared/bundles/storeRoot.ts",
  "orchestrations/activities/compose.ts",
  "orchestrations/activities/factories.ts",
  "shared/ingest/handlers/github.ts",
  "shared/ingest/handlers/eventGridTrigger.ts",
];

const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

const out = mkdtempSync(join(tmpdir(), "baton-cold-"));
let loadedInputs: string[] = [];
let bundledInputs: string[] = [];
let libraryPackages: Set<string>;

beforeAll(async () => {
  const metafilePath = join(out, "meta.json");
  execFileSync(process.execPath, ["infra/bundle.mjs"], { cwd: repoRoot, env: { ...process.env, BATON_BUNDLE_OUT: out, BATON_BUNDLE_METAFILE: metafilePath }, stdio: "pipe" });
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as Metafile;

  const record = join(out, "loaded.txt");
  writeFileSync(record, "");
  const bundle = pathToFileURL(join(out, "dist", "index.js")).href;
  execFileSync(process.execPath, ["--import", pathToFileURL(join(repoRoot, "test/support/recordLoads.mjs")).href, "--input-type=module", "-e", `await import(${JSON.stringify(bundle)});`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", RECORD_LOADS: record },
    stdio: "pipe",
  });
  const loadedFiles = readFileSync(record, "utf8").split("\n").filter((u) => u !== "").map((u) => relative(repoRoot, fileURLToPath(u)));
  const outputs = new Map(Object.entries(metafile.outputs).filter(([file]) => file.endsWith(".js")));
  expect(loadedFiles).toContain(relative(repoRoot, join(out, "dist", "index.js")));
  loadedInputs = [...new Set(loadedFiles.flatMap((file) => Object.keys(outputs.get(file)?.inputs ?? {})))];
  bundledInputs = [...new Set([...outputs.values()].flatMap((o) => Object.keys(o.inputs)))];

  // The two libraries' own closure, bundled the same way: their dependencies are not Baton's choice.
  const libraries = await build({
    stdin: { contents: 'import "@azure/functions"; import "durable-functions";', resolveDir: repoRoot, loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    external: ["@azure/functions-core"],
    logLevel: "silent",
  });
  libraryPackages = new Set(Object.keys(libraries.metafile.inputs).map(packageOf).filter((p) => p !== undefined));
}, 300_000); // bundling the app: 20-40 s alone, minutes on a loaded 2-core machine

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("what importing the deployment bundle loads", () => {
  it("registers with the Functions and Durable libraries, and loads no other package but the few Baton needs at once", () => {
    expect(libraryPackages).toContain("durable-functions");
    const packages = new Set(loadedInputs.map(packageOf).filter((p) => p !== undefined));
    expect(packages).toContain("@azure/functions");
    expect(packages).toContain("durable-functions");
    expect([...packages].filter((p) => !libraryPackages.has(p) && !BATON_EAGER_PACKAGES.includes(p)).sort()).toEqual([]);
  });

  it.each(FIRST_USE_PACKAGES)("leaves %s to a chunk loaded on first use", (pkg) => {
    expect(bundledInputs.some((input) => packageOf(input) === pkg)).toBe(true);
    expect(loadedInputs.filter((input) => packageOf(input) === pkg)).toEqual([]);
  });

  it.each(FIRST_USE_MODULES)("leaves %s to a chunk loaded on first use", (module) => {
    expect(bundledInputs).toContain(module);
    expect(loadedInputs).not.toContain(module);
  });

  it("loads every function module (each registers at load)", () => {
    const functions = readdirSync(join(repoRoot, "functions")).filter((f) => f.endsWith(".ts")).map((f) => `functions/${f}`);
    expect(functions.length).toBeGreaterThan(10);
    expect(functions.filter((f) => !loadedInputs.includes(f))).toEqual([]);
  });
});
