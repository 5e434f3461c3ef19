/** What a figure must reach (issue 13's table): a ratio to its baseline, or an absolute value. */
export type Target =
  | { kind: "ratio-at-most"; value: number }
  | { kind: "ratio-at-least"; value: number }
  | { kind: "at-most"; value: number };

/** One printed benchmark figure, optionally beside the baseline it should be read against. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** A figure with a target lands in the summary table with PASS or FAIL. */
  target?: Target;
  /** Conditions that must also hold for a PASS (e.g. "0 lost, 0 doubled"), each with its verdict. */
  checks?: { name: string; ok: boolean }[];
  /** Said beside the figure, e.g. how it was measured (median of 3 runs). */
  note?: string;
}

export type BenchReport = (figure: BenchFigure) => void;

/** A benchmark module: `export default async function (report) { ... }` in test/bench/*.bench.ts. */
export type BenchModule = { default: (report: BenchReport) => Promise<void> };

export function ratioOf(f: BenchFigure): number | undefined {
  if (!f.baseline || f.baseline.value === 0) return undefined;
  return f.value / f.baseline.value;
}

export function formatFigure(f: BenchFigure): string {
  const main = `${f.name}: ${round(f.value)} ${f.unit}`;
  const note = f.note ? `  (${f.note})` : "";
  if (!f.baseline) return main + note;
  const ratio = ratioOf(f);
  return `${main}  | baseline ${f.baseline.name}: ${round(f.baseline.value)} ${f.baseline.unit}  | ratio ${ratio === undefined ? "n/a" : round(ratio)}${note}`;
}

export function passes(f: BenchFigure): boolean {
  const checksOk = (f.checks ?? []).every((c) => c.ok);
  const t = f.target;
  if (!t) return checksOk;
  const ratio = ratioOf(f);
  switch (t.kind) {
    case "ratio-at-most":
      return checksOk && ratio !== undefined && ratio <= t.value;
    case "ratio-at-least":
      return checksOk && ratio !== undefined && ratio >= t.value;
    case "at-most":
      return checksOk && f.value <= t.value;
  }
}

export function describeTarget(f: BenchFigure): string {
  const t = f.target;
  const checks = (f.checks ?? []).map((c) => c.name);
  const main = !t ? "" : t.kind === "ratio-at-most" ? `<= ${t.value}x` : t.kind === "ratio-at-least" ? `>= ${t.value}x` : `<= ${t.value} ${f.unit}`;
  return [main, ...checks].filter((s) => s.length > 0).join(", ");
}

/** The closing table: every figure with a target, its baseline, the measured ratio, PASS or FAIL. */
export function formatSummary(figures: BenchFigure[]): string {
  const rows = figures
    .filter((f) => f.target || f.checks)
    .map((f) => {
      const ratio = ratioOf(f);
      const checks = (f.checks ?? []).map((c) => `${c.name}: ${c.ok ? "yes" : "NO"}`).join("; ");
      return [
        f.name,
        `${round(f.value)} ${f.unit}`,
        f.baseline ? `${round(f.baseline.value)} ${f.baseline.unit}` : "-",
        f.baseline && ratio !== undefined ? `${round(ratio)}x` : "-",
        describeTarget(f),
        passes(f) ? "PASS" : "FAIL",
        checks,
      ];
    });
  const header = ["figure", "value", "baseline (same run)", "ratio", "target", "verdict", "checks"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
