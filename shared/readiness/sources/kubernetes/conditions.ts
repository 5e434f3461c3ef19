import { z } from "zod";
import type { ConditionStatus, FluxCondition } from "../../observation.js";

/** A `metav1.Condition` as the Flux controllers write it. */
export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

export type RawCondition = z.infer<typeof conditionSchema>;

/** The condition of this type, normalised; undefined when the controller has not set it yet. */
export function conditionOf(conditions: RawCondition[] | undefined, type: string): FluxCondition | undefined {
  const found = conditions?.find((c) => c.type === type);
  if (!found) return undefined;
  const condition: FluxCondition = { status: statusOf(found.status), reason: found.reason ?? "", message: found.message ?? "" };
  return found.lastTransitionTime ? { ...condition, lastTransitionTime: found.lastTransitionTime } : condition;
}

export function statusOf(raw: string | undefined): ConditionStatus {
  return raw === "True" || raw === "False" ? raw : "Unknown";
}
