/**
 * A change-window gate's calendar: the allowed, blocked and holiday spans that overlap a range of
 * instants, computed from the gate's windows in its time zone. Parsed once per evaluation.
 */
import type { ChangeWindowGate } from "../../durable/activityContracts.js";
import type { TimeWindow } from "../../pipelines/config/model.js";
import type { Span } from "./spans.js";
import { parseWindowStart, type StartsBetween } from "./windowStart.js";
import { DAY_MS, localLabel, zoneClock, type ZoneClock } from "./zoneClock.js";

interface Schedule {
  window: TimeWindow;
  starts: StartsBetween;
}

export interface Calendar {
  clock: ZoneClock;
  /** Allowed spans, or undefined when the gate allows all times not blocked. */
  allowed(from: number, to: number): Span[] | undefined;
  /** Blocked windows and holidays together: both close the gate. */
  closed(from: number, to: number): Span[];
}

export function calendarOf(gate: ChangeWindowGate): Calendar {
  const clock = zoneClock(gate.timeZone);
  const schedules = (windows: TimeWindow[]): Schedule[] => windows.map((window) => ({ window, starts: parseWindowStart(window.start) }));
  const allowed = schedules(gate.allowed);
  const blocked = schedules(gate.blocked);
  const spans = (list: Schedule[], label: string, from: number, to: number): Span[] =>
    list.flatMap(({ window, starts }) => {
      // A day of margin either side in wall time covers any zone offset.
      const walls = starts(clock.wallOf(from - window.durationMs) - DAY_MS, clock.wallOf(to) + DAY_MS);
      return walls
        .map((wall) => clock.instantOf(wall))
        .filter((start) => start < to && start + window.durationMs > from)
        .map((start) => ({ from: start, to: start + window.durationMs, why: `${label} "${window.start}" from ${localLabel(clock, start)}` }));
    });
  const holidays = (from: number, to: number): Span[] =>
    gate.holidays
      .map((date) => {
        const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
        return { from: clock.instantOf(Date.UTC(y, m - 1, d)), to: clock.instantOf(Date.UTC(y, m - 1, d + 1)), why: `holiday ${date} in ${gate.timeZone}` };
      })
      .filter((span) => span.from < to && span.to > from);
  return {
    clock,
    allowed: (from, to) => (allowed.length === 0 ? undefined : spans(allowed, "allowed window", from, to)),
    closed: (from, to) => [...holidays(from, to), ...spans(blocked, "blocked window", from, to)],
  };
}
