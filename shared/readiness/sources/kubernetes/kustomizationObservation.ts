import { z } from "zod";
import type { Reported } from "../../observation.js";
import { conditionOf, conditionSchema } from "./conditions.js";

/** The fields of a `kustomize.toolkit.fluxcd.io/v1` Kustomization readiness depends on. */
export const kustomizationSchema = z.object({
  metadata: z.object({ generation: z.number().int() }),
  spec: z.object({ suspend: z.boolean().optional() }).optional(),
  status: z
    .object({
      observedGeneration: z.number().int().optional(),
      conditions: z.array(conditionSchema).optional(),
      lastAppliedRevision: z.string().optional(),
      lastAppliedOriginRevision: z.string().optional(),
      lastAttemptedRevision: z.string().optional(),
    })
    .optional(),
});

export function observeKustomization(object: z.infer<typeof kustomizationSchema>, reportedAt: string): Reported {
  const status = object.status ?? {};
  return {
    kind: "reported",
    source: "kubernetes",
    reportedAt,
    ready: conditionOf(status.conditions, "Ready"),
    generation: { observed: status.observedGeneration, desired: object.metadata.generation },
    suspended: object.spec?.suspend === true,
    appliedRevision: status.lastAppliedRevision || undefined,
    appliedOriginRevision: status.lastAppliedOriginRevision || undefined,
    attemptedRevision: status.lastAttemptedRevision || undefined,
  };
}
