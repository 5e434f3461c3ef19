/** One printed benchmark figure, optionally beside the baseline it should be read against. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
}

export type BenchReport = (figure: BenchFigure) => void;

/** A benchmark module: `export default async function (report) { ... }` in test/bench/*.bench.ts. */
export type BenchModule = { default: (report: BenchReport) => Promise<void> };

export function formatFigure(f: BenchFigure): string {
  const main = `${f.name}: ${round(f.value)} ${f.unit}`;
  if (!f.baseline) return main;
  const ratio = f.baseline.value === 0 ? "n/a" : round(f.value / f.baseline.value);
  return `${main}  | baseline ${f.baseline.name}: ${round(f.baseline.value)} ${f.baseline.unit}  | ratio ${ratio}`;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
