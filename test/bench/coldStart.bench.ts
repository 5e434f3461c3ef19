// Cold start (issue 13): importing the deployment bundle (.deploy/dist/index.js, what Azure runs,
// built by `npm run build`) in a fresh Node process, beside importing @azure/functions and
// durable-functions alone, alternating, median of 5 each. Time is measured inside the child
// around the dynamic import, so process start-up is not part of either figure.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { repoRoot } from "./batonProcess.js";
import type { BenchReport } from "./report.js";
import { median } from "./stats.js";

const run = promisify(execFile);
const ROUNDS = 5;

async function importMs(specifiers: string[]): Promise<number> {
  const script = `const t = performance.now(); for (const s of ${JSON.stringify(specifiers)}) await import(s); console.log("IMPORT_MS " + (performance.now() - t));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, env: { PATH: process.env.PATH ?? "" } });
  const m = /IMPORT_MS ([\d.]+)/.exec(stdout);
  if (!m?.[1]) throw new Error(`no timing in: ${stdout}`);
  return Number(m[1]);
}

export default async function coldStartBench(report: BenchReport): Promise<void> {
  const bundle = join(repoRoot, ".deploy", "dist", "index.js");
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: npm run bench builds it (npm run build)`);
  const libraries = ["@azure/functions", "durable-functions"];
  await importMs(libraries); // warm the file system cache for both
  await importMs([pathToFileURL(bundle).href]);
  const bundled: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bundled.push(await importMs([pathToFileURL(bundle).href]));
    alone.push(await importMs(libraries));
  }
  report({
    name: "deployment bundle import (every function registered)",
    value: median(bundled),
    unit: "ms",
    baseline: { name: "import @azure/functions + durable-functions alone", value: median(alone), unit: "ms" },
    target: { kind: "ratio-at-most", value: 2 },
    note: `median of ${ROUNDS} fresh processes each`,
  });
}
