/**
 * Is a change window open at an instant, and if not, when does it next open? Blocked windows and
 * holidays win over allowed windows; no allowed windows means every time not blocked is allowed.
 */
import type { ActivityOutput, ChangeWindowGate } from "../../durable/activityContracts.js";
import { calendarOf, type Calendar } from "./calendar.js";
import { contains, subtract, type Span } from "./spans.js";
import { DAY_MS, localLabel } from "./zoneClock.js";

export type ChangeWindowAnswer = ActivityOutput<"evaluateChangeWindow">;

/** How far ahead the next opening is searched; beyond a year a gate is as good as never open. */
export const DEFAULT_HORIZON_MS = 366 * DAY_MS;

export function evaluateChangeWindow(gate: ChangeWindowGate, at: Date, horizonMs = DEFAULT_HORIZON_MS): ChangeWindowAnswer {
  const calendar = calendarOf(gate);
  const t = at.getTime();
  const today = openSpans(calendar, t, t + DAY_MS);
  const current = today.find((span) => contains(span, t));
  if (current) {
    const until = coveredUntil(today, t);
    const end = until >= t + DAY_MS ? `at least ${localLabel(calendar.clock, until)}` : localLabel(calendar.clock, until);
    return { open: true, detail: `open: inside ${current.why}, until ${end}` };
  }
  const reason = calendar.closed(t, t + 1).find((span) => contains(span, t))?.why ?? "outside every allowed window";
  const next = nextOpening(calendar, t, horizonMs, today);
  if (!next) return { open: false, detail: `closed (${reason}); no allowed time within the next ${Math.round(horizonMs / DAY_MS)} days` };
  return { open: false, detail: `closed (${reason}); opens ${localLabel(calendar.clock, next.from)} (${next.why})`, nextOpenAt: new Date(next.from).toISOString() };
}

function openSpans(calendar: Calendar, from: number, to: number): Span[] {
  const allowed = calendar.allowed(from, to) ?? [{ from, to, why: "no allowed windows configured (any time not blocked)" }];
  return subtract(allowed, calendar.closed(from, to), from, to);
}

/** Searched in growing chunks: most gates open within a day, and frequent crons stay cheap. */
function nextOpening(calendar: Calendar, t: number, horizonMs: number, today: Span[]): Span | undefined {
  if (today[0]) return today[0];
  for (let from = t + DAY_MS, size = 7 * DAY_MS; from < t + horizonMs; from += size, size *= 4) {
    const first = openSpans(calendar, from, Math.min(from + size, t + horizonMs))[0];
    if (first) return first;
  }
  return undefined;
}

/** The end of the unbroken open time starting at `t` (spans sorted by start). */
function coveredUntil(spans: Span[], t: number): number {
  let end = t;
  for (const span of spans) if (span.from <= end && span.to > end) end = span.to;
  return end;
}
