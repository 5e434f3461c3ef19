/** Configuration checks the pipelines loader runs on change-window gates, phrased as fixes. */
export { windowStartProblem } from "./windowStart.js";

export function timeZoneProblem(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return undefined;
  } catch {
    return `expected an IANA time zone such as Europe/Amsterdam or America/New_York, got "${timeZone}"`;
  }
}

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function holidayProblem(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = (m?.slice(1) ?? []).map(Number) as [number?, number?, number?];
  if (year === undefined || month === undefined || day === undefined) return `expected a date as YYYY-MM-DD, got "${date}"`;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return `expected a date that exists, got "${date}"`;
  return undefined;
}
