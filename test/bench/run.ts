// `npm run bench`: runs every test/bench/*.bench.ts module in name order and prints its figures,
// then the summary table of the figures that have a target (issue 13), each PASS or FAIL.
// `npm run bench -- <part of a file name>` runs one group. Figures belong here, never in timed
// tests (the test suite must not be flaky on a loaded machine).
import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { formatFigure, formatSummary, type BenchFigure, type BenchModule } from "./report.js";

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
const figures: BenchFigure[] = [];
const started = Date.now();
for (const file of files) {
  console.log(`\n# ${file.replace(/\.bench\.ts$/, "")}`);
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
  await mod.default((figure) => {
    figures.push(figure);
    console.log(formatFigure(figure));
  });
}
console.log(`\n# summary (${Math.round((Date.now() - started) / 1000)} s)\n${formatSummary(figures)}`);
