/**
 * Window starts from an RFC 5545 RRULE (`FREQ=WEEKLY;BYDAY=MO,TU;BYHOUR=9`, optionally prefixed
 * `RRULE:` and preceded by a local `DTSTART:20260105T090000`), stepped in wall time.
 * The rrule package keeps the zone out of it: without `tzid` it works on UTC fields, which is
 * exactly the wall-time convention of zoneClock.ts. The gate's timeZone is the only zone.
 */
import rrulePackage from "rrule";
import type { StartsBetween } from "./cronStarts.js";

const { RRule } = rrulePackage;

/** Without DTSTART a rule counts from this local midnight, so INTERVAL and COUNT stay deterministic. */
const DEFAULT_DTSTART = Date.UTC(2000, 0, 1);

const PARTS = new Set(["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYSETPOS", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND", "WKST"]);
const FREQS = new Set(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"]);
const RANGES: Record<string, [number, number]> = { BYHOUR: [0, 23], BYMINUTE: [0, 59], BYSECOND: [0, 59], BYMONTH: [1, 12] };

export function isRrule(spec: string): boolean {
  return /(^|[\s;:])FREQ=/i.test(spec) || /^\s*(RRULE|DTSTART)[:;]/i.test(spec);
}

export function rruleStarts(spec: string): StartsBetween {
  const { rule, dtstart } = split(spec);
  checkParts(rule);
  const options = RRule.parseString(rule);
  const recurrence = new RRule({ ...options, dtstart: new Date(dtstart) });
  return (fromWall, toWall) =>
    recurrence
      .between(new Date(fromWall), new Date(toWall), true)
      .map((d) => d.getTime())
      .filter((t) => t < toWall);
}

function split(spec: string): { rule: string; dtstart: number } {
  let dtstart = DEFAULT_DTSTART;
  let rule: string | undefined;
  for (const token of spec.trim().split(/\s+/)) {
    const start = /^DTSTART([:;].*)$/i.exec(token);
    if (start) {
      dtstart = localDtstart(start[1] ?? "");
      continue;
    }
    if (rule !== undefined) throw new Error("expected one RRULE (and at most one DTSTART); EXDATE, RDATE and several rules are not supported");
    rule = token.replace(/^RRULE:/i, "");
  }
  if (rule === undefined) throw new Error("expected an RRULE such as FREQ=WEEKLY;BYDAY=MO;BYHOUR=9");
  return { rule, dtstart };
}

function localDtstart(value: string): number {
  const m = /^:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) throw new Error(`expected DTSTART as local time, DTSTART:YYYYMMDDTHHMMSS, without Z or TZID (the gate's timeZone applies), got DTSTART${value}`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function checkParts(rule: string): void {
  const seen = new Map<string, string>();
  for (const part of rule.split(";")) {
    const [key = "", value = ""] = part.split("=", 2).map((s) => s.toUpperCase());
    if (!PARTS.has(key) || value === "") throw new Error(`unknown or empty RRULE part "${part}"; expected KEY=VALUE with KEY one of ${[...PARTS].join(", ")}`);
    const range = RANGES[key];
    if (range && value.split(",").some((v) => !/^\d+$/.test(v) || Number(v) < range[0] || Number(v) > range[1])) {
      throw new Error(`expected ${key} values between ${range[0]} and ${range[1]}, got ${value}`);
    }
    seen.set(key, value);
  }
  const freq = seen.get("FREQ");
  if (!freq || !FREQS.has(freq)) throw new Error(`expected FREQ= one of ${[...FREQS].join(", ")} in the RRULE`);
}
