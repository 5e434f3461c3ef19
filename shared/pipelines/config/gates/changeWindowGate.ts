import { z } from "zod";
import { holidayProblem, timeZoneProblem, windowStartProblem } from "../../../gates/changeWindow/problems.js";
import { duration } from "../duration.js";
import type { GateConfig } from "../model.js";

const timeWindow = z
  .strictObject({
    start: z.string().min(1).meta({ description: "Five- or six-field cron (0 9 * * 1-5), or an RRULE (FREQ=WEEKLY;BYDAY=MO,TU;BYHOUR=9), in the gate's time zone." }),
    duration,
  })
  .meta({ id: "timeWindow" });

/** Allowed and blocked windows in a time zone, plus holidays (shared/gates/changeWindow). */
export const changeWindowGate = z
  .strictObject({
    kind: z.literal("changeWindow"),
    name: z.string().min(1, "expected a non-empty string").default("change-window"),
    timeZone: z.string().min(1).meta({ description: "IANA time zone of the windows and holidays, e.g. Europe/Amsterdam." }),
    allowed: z.array(timeWindow).default([]).meta({ description: "When promotion may proceed; empty: always, unless blocked." }),
    blocked: z.array(timeWindow).default([]).meta({ description: "When promotion may not proceed; wins over allowed." }),
    holidays: z.array(z.string()).default([]).meta({ description: "Dates (YYYY-MM-DD, in the time zone) when promotion may not proceed." }),
    maxWait: duration.prefault("7d").meta({ description: "The gate fails when no window opens within this time." }),
  })
  .superRefine((g, ctx) => {
    const problem = (path: (string | number)[], message: string | undefined) => message && ctx.addIssue({ code: "custom", path, message });
    problem(["timeZone"], timeZoneProblem(g.timeZone));
    for (const list of ["allowed", "blocked"] as const) g[list].forEach((w, i) => problem([list, i, "start"], windowStartProblem(w.start)));
    g.holidays.forEach((date, i) => problem(["holidays", i], holidayProblem(date)));
  })
  .transform(
    (g): GateConfig => ({
      kind: "changeWindow",
      name: g.name,
      timeZone: g.timeZone,
      allowed: g.allowed.map((w) => ({ start: w.start, durationMs: w.duration })),
      blocked: g.blocked.map((w) => ({ start: w.start, durationMs: w.duration })),
      holidays: g.holidays,
      maxWaitMs: g.maxWait,
    }),
  );
