// Cold start: importing the deployment bundle (.deploy/dist/index.js, what the Functions worker
// loads: every function registered) beside importing @azure/functions and durable-functions
// alone, each in a fresh Node process, interleaved, median of several runs. `npm run bench`
// builds the bundle first; run alone (tsx test/bench/run.ts coldStart) it builds one into a
// scratch folder when .deploy is missing.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { BenchReport } from "./report.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const RUNS = 7;

/** Milliseconds one fresh process spends in `await import()` of the given specifiers, in order. */
async function importTime(specifiers: string[]): Promise<number> {
  const script = [
    "const start = performance.now();",
    ...specifiers.map((s) => `await import(${JSON.stringify(s)});`),
    "process.stdout.write(String(performance.now() - start));",
  ].join("\n");
  // Run from the repository so bare specifiers resolve to its node_modules; the bundle's
  // "package is in test mode" warnings (no Functions worker here) go to stderr and are dropped.
  const { stdout } = await run(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], { cwd: ROOT, maxBuffer: 1 << 20 });
  return Number(stdout.trim());
}

async function bundlePath(): Promise<string> {
  const deployed = join(ROOT, ".deploy", "dist", "index.js");
  if (existsSync(deployed)) return deployed;
  const out = await mkdtemp(join(tmpdir(), "baton-bundle-"));
  await run(process.execPath, [join(ROOT, "infra", "bundle.mjs")], { cwd: ROOT, env: { ...process.env, BATON_BUNDLE_OUT: out } });
  return join(out, "dist", "index.js");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function (report: BenchReport): Promise<void> {
  const bundle = pathToFileURL(await bundlePath()).href;
  const runtimeOnly: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    runtimeOnly.push(await importTime(["@azure/functions", "durable-functions"]));
    whole.push(await importTime([bundle]));
  }
  report({
    name: `deployment bundle import (.deploy/dist/index.js, every function registered; median of ${RUNS} fresh processes)`,
    value: median(whole),
    unit: "ms",
    baseline: { name: "import @azure/functions + durable-functions alone", value: median(runtimeOnly), unit: "ms" },
  });
}
