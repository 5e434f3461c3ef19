/**
 * The four DORA measures, computed from promotion histories (history.ts) for a period:
 * - deployment frequency: promotions Ready at prod (the pipeline's last stage) per day;
 * - lead time for changes: image published -> Ready at prod;
 * - change failure rate: of the changes that reached prod (committed there), the share that
 *   failed or were rolled back at prod;
 * - time to restore: from a failed change's prod commit until service was restored: its
 *   rollback finished, or (no rollback) the pipeline's next successful prod deployment.
 */
import { readyTime, type PromotionHistory, type StageHistory } from "./history.js";

export interface DoraPeriod {
  from: Date;
  to: Date;
}

export interface Durations {
  samples: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface DoraMeasures {
  deployments: number;
  deploymentsPerDay: number;
  leadTime: Durations;
  /** Changes that reached prod and failed or were rolled back there. */
  failures: number;
  /** failures / (deployments + failures); null without any change at prod. */
  changeFailureRate: number | null;
  timeToRestore: Durations & { unrestored: number };
}

export interface DoraDay {
  /** UTC date, yyyy-mm-dd. */
  date: string;
  deployments: number;
  failures: number;
  /** Median lead time of that day's deployments, in seconds. */
  leadTimeSeconds: number | null;
}

export interface DoraReport {
  from: string;
  to: string;
  days: number;
  overall: DoraMeasures & { daily: DoraDay[] };
  pipelines: (DoraMeasures & { pipeline: string; prodStage: string; daily: DoraDay[] })[];
}

interface Deployment {
  pipeline: string;
  at: number;
  leadSeconds: number;
}

interface Failure {
  pipeline: string;
  /** When the failed change went to prod (its commit). */
  at: number;
  /** When its rollback finished, if it was rolled back. */
  rolledBackAt?: number;
}

const DAY_MS = 86_400_000;

/**
 * `prodStage` names each pipeline's prod stage (its last); histories of pipelines it does not
 * know are measured at a stage named `prod`.
 */
export function computeDora(histories: readonly PromotionHistory[], period: DoraPeriod, prodStage: (pipeline: string) => string | undefined): DoraReport {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const prodOf = (pipeline: string) => prodStage(pipeline) ?? "prod";
  const deployments: Deployment[] = [];
  const failures: Failure[] = [];
  for (const h of histories) {
    const prod = h.stages.find((s) => s.name === prodOf(h.pipeline));
    if (!prod) continue;
    const ready = readyTime(prod);
    if (ready) {
      deployments.push({ pipeline: h.pipeline, at: Date.parse(ready), leadSeconds: Math.max(0, (Date.parse(ready) - Date.parse(h.publishedAt)) / 1000) });
    } else if (failedAtProd(prod) && prod.committedAt) {
      const rolledBack = prod.rolledBackAt && prod.finished ? Date.parse(prod.finished.at) : undefined;
      failures.push({ pipeline: h.pipeline, at: Date.parse(prod.committedAt), ...(rolledBack !== undefined ? { rolledBackAt: rolledBack } : {}) });
    }
  }
  const inPeriod = <T extends { at: number }>(xs: T[]) => xs.filter((x) => x.at >= from && x.at < to);
  const days = Math.max(1, Math.ceil((to - from) / DAY_MS));
  const measure = (pipeline?: string) => {
    const mine = <T extends { pipeline: string }>(xs: T[]) => (pipeline ? xs.filter((x) => x.pipeline === pipeline) : xs);
    const deployed = inPeriod(mine(deployments));
    const failed = inPeriod(mine(failures));
    const restores = failed.map((f) => restoredAt(f, mine(deployments)));
    const restoreSeconds = restores.flatMap((at, i) => (at !== undefined ? [(at - failed[i]!.at) / 1000] : []));
    const measures: DoraMeasures & { daily: DoraDay[] } = {
      deployments: deployed.length,
      deploymentsPerDay: round(deployed.length / days),
      leadTime: durations(deployed.map((d) => d.leadSeconds)),
      failures: failed.length,
      changeFailureRate: deployed.length + failed.length > 0 ? round(failed.length / (deployed.length + failed.length)) : null,
      timeToRestore: { ...durations(restoreSeconds), unrestored: restores.filter((r) => r === undefined).length },
      daily: daily(from, days, deployed, failed),
    };
    return measures;
  };
  const names = [...new Set([...deployments, ...failures].map((x) => x.pipeline))].sort();
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    days,
    overall: measure(),
    pipelines: names.map((pipeline) => ({ pipeline, prodStage: prodOf(pipeline), ...measure(pipeline) })),
  };
}

function failedAtProd(prod: StageHistory): boolean {
  return prod.finished !== undefined && prod.finished.outcome === "failed";
}

/** A rollback restores service when it finished; otherwise the next good deployment does. */
function restoredAt(failure: Failure, deployments: readonly Deployment[]): number | undefined {
  if (failure.rolledBackAt !== undefined) return failure.rolledBackAt;
  const next = deployments.filter((d) => d.at > failure.at).sort((a, b) => a.at - b.at)[0];
  return next?.at;
}

function daily(from: number, days: number, deployed: readonly Deployment[], failed: readonly Failure[]): DoraDay[] {
  const start = Math.floor(from / DAY_MS) * DAY_MS;
  const count = Math.ceil((from + days * DAY_MS - start) / DAY_MS);
  return Array.from({ length: count }, (_, i) => {
    const dayStart = start + i * DAY_MS;
    const inDay = <T extends { at: number }>(xs: readonly T[]) => xs.filter((x) => x.at >= dayStart && x.at < dayStart + DAY_MS);
    const dayDeployments = inDay(deployed);
    return {
      date: new Date(dayStart).toISOString().slice(0, 10),
      deployments: dayDeployments.length,
      failures: inDay(failed).length,
      leadTimeSeconds: durations(dayDeployments.map((d) => d.leadSeconds)).medianSeconds,
    };
  });
}

function durations(seconds: readonly number[]): Durations {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { samples: sorted.length, medianSeconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9) };
}

/** Nearest-rank percentile (the median of an even count is the mean of the middle two). */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (p === 0.5 && sorted.length % 2 === 0) return round((sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
