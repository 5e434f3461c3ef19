import { z } from "zod";
import { duration } from "../duration.js";
import type { GateConfig } from "../model.js";

/** A KQL query whose single number must meet a threshold, evaluated N times (shared/gates/logQuery). */
export const logQueryGate = z
  .strictObject({
    kind: z.literal("logQuery"),
    name: z.string().min(1, "expected a non-empty string").default("log-query"),
    // Shape checked after placeholders are replaced (gateProblems.ts).
    workspaceId: z.string().min(1, "expected a non-empty string").meta({ description: "Log Analytics workspace id (GUID)." }),
    query: z.string().min(1, "expected a KQL query").meta({ description: "KQL ending in one number, e.g. `AppRequests | where Success == false | summarize failures = count()`." }),
    operator: z.enum(["lt", "le", "eq", "ge", "gt"]).meta({ description: "The evaluation passes when `value <operator> threshold`." }),
    threshold: z.number(),
    evaluations: z.number().int().positive().default(3),
    interval: duration.prefault("5m"),
    window: duration.prefault("15m").meta({ description: "The time range each query covers, ending at the evaluation." }),
    mode: z.enum(["all", "consecutive"]).default("consecutive").meta({ description: "all: every evaluation must pass; consecutive: N passing in a row before the deadline." }),
    deadline: duration.prefault("1h"),
  })
  .superRefine((g, ctx) => {
    if (g.evaluations * g.interval > g.deadline) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: `expected deadline to be at least evaluations × interval (${g.evaluations} × ${g.interval / 60_000}m), or the gate could never pass` });
    }
  })
  .transform(
    (g): GateConfig => ({
      kind: "logQuery",
      name: g.name,
      workspaceId: g.workspaceId,
      query: g.query,
      operator: g.operator,
      threshold: g.threshold,
      evaluations: g.evaluations,
      intervalMs: g.interval,
      windowMs: g.window,
      mode: g.mode,
      deadlineMs: g.deadline,
    }),
  );
