/** A window's start specification (cron or RRULE), parsed into the wall-time starts it names. */
import { cronStarts, type StartsBetween } from "./cronStarts.js";
import { isRrule, rruleStarts } from "./rruleStarts.js";

export type { StartsBetween };

/** Throws an Error saying what is wrong with the specification; the config loader shows it. */
export function parseWindowStart(spec: string): StartsBetween {
  return isRrule(spec) ? rruleStarts(spec) : cronStarts(spec);
}

/** The problem with a start specification, or undefined when it parses. */
export function windowStartProblem(spec: string): string | undefined {
  try {
    parseWindowStart(spec);
    return undefined;
  } catch (error) {
    const kind = isRrule(spec) ? "RRULE" : "cron expression";
    return `expected a valid ${kind}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
