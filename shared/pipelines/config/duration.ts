import { z } from "zod";

// Written as people say them (issue 5: `30s`, `15m`, `2h`, `1d`, or combined `1h30m`); the pinned
// model carries milliseconds so orchestrations never parse text.
const PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1_000] as const;

/** Milliseconds of `1d2h3m4s`-style text, or undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match || text === "") return undefined;
  return UNIT_MS.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * unit, 0);
}

/** A positive duration in YAML text that becomes milliseconds. */
export const duration = z
  .string()
  .regex(/^(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$/, { error: "expected a duration such as 30s, 15m, 2h, 1d or 1h30m", abort: true })
  .refine((text) => (parseDuration(text) ?? 0) > 0, "expected a duration longer than zero, such as 30s, 15m, 2h or 1d")
  .transform((text) => parseDuration(text) ?? 0)
  .meta({ id: "duration", description: "A duration: a number with d, h, m or s (30s, 15m, 2h, 1d), units combined largest first (1h30m)." });
