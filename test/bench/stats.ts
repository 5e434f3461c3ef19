/** Small statistics for benchmarks: medians of repeated runs. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A figure and its baseline, measured together in one run. */
export interface Paired {
  value: number;
  baseline: number;
}

/**
 * Runs a paired measurement `runs` times and keeps the run with the median ratio, so value and
 * baseline printed together come from the same run (the machine's load changes between runs).
 */
export async function medianRun<T extends Paired>(runs: number, measure: (run: number) => Promise<T>): Promise<T & { all: T[] }> {
  const all: T[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(i));
  const byRatio = [...all].sort((a, b) => a.value / a.baseline - b.value / b.baseline);
  const mid = byRatio[Math.floor(byRatio.length / 2)];
  if (!mid) throw new Error("no runs");
  return { ...mid, all };
}
