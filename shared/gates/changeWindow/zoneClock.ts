/**
 * Wall-clock arithmetic in an IANA time zone with only Intl (no tz library). A "wall" time is
 * the local date and time written as if it were UTC (`Date.UTC(y, m, d, h, min)`), so cron and
 * RRULE can step through local days and hours while DST is resolved only when a wall time
 * becomes an instant: that is what keeps a 09:00 window at 09:00 local on both sides of a change.
 */
const DAY_MS = 86_400_000;

export interface ZoneClock {
  readonly timeZone: string;
  /** The local wall time of an instant. */
  wallOf(instantMs: number): number;
  /**
   * The instant a local wall time names. A time skipped by a DST gap moves forward by the gap
   * (02:30 becomes 03:30, as a cron daemon would still run it); a repeated hour takes its first
   * occurrence (so a window starts once, not twice).
   */
  instantOf(wallMs: number): number;
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function zoneClock(timeZone: string): ZoneClock {
  // One formatter per clock: constructing Intl formatters is the expensive part.
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const wallOf = (instantMs: number): number => {
    const millis = ((instantMs % 1000) + 1000) % 1000;
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(instantMs - millis)) if (p.type !== "literal") parts[p.type] = Number(p.value);
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
    return Date.UTC(year, month - 1, day, hour, minute, second, millis);
  };
  const offsetAt = (instantMs: number): number => wallOf(instantMs) - instantMs;
  const instantOf = (wallMs: number): number => {
    // Zone offsets a day either side: a wall time maps to one of these unless it is in a gap.
    const earlierOffset = wallMs - offsetAt(wallMs - DAY_MS);
    const laterOffset = wallMs - offsetAt(wallMs + DAY_MS);
    const exact = [earlierOffset, laterOffset].filter((t) => wallOf(t) === wallMs);
    return exact.length > 0 ? Math.min(...exact) : earlierOffset;
  };
  return { timeZone, wallOf, instantOf };
}

/** `2026-03-30 09:00 Europe/Amsterdam`: how details show an instant to people. */
export function localLabel(clock: ZoneClock, instantMs: number): string {
  return `${new Date(clock.wallOf(instantMs)).toISOString().slice(0, 16).replace("T", " ")} ${clock.timeZone}`;
}

export { DAY_MS };
