import { z } from "zod";
import type { ReleaseSnapshot, Reported } from "../../observation.js";
import { conditionOf, conditionSchema } from "./conditions.js";

/** helm-controller v2 `Snapshot`, newest first in `status.history`. */
const snapshotSchema = z.object({
  chartVersion: z.string().optional(),
  configDigest: z.string().optional(),
  appVersion: z.string().optional(),
  status: z.string().optional(),
});

/** The fields of a `helm.toolkit.fluxcd.io/v2` HelmRelease readiness depends on (protocols.md 3.5). */
export const helmReleaseSchema = z.object({
  metadata: z.object({ generation: z.number().int() }),
  spec: z.object({ suspend: z.boolean().optional() }).optional(),
  status: z
    .object({
      observedGeneration: z.number().int().optional(),
      conditions: z.array(conditionSchema).optional(),
      history: z.array(snapshotSchema).optional(),
      lastAttemptedRevision: z.string().optional(),
      lastAttemptedConfigDigest: z.string().optional(),
    })
    .optional(),
});

export function observeHelmRelease(object: z.infer<typeof helmReleaseSchema>, reportedAt: string): Reported {
  const status = object.status ?? {};
  const current = status.history?.[0];
  const observation: Reported = {
    kind: "reported",
    source: "kubernetes",
    reportedAt,
    ready: conditionOf(status.conditions, "Ready"),
    generation: { observed: status.observedGeneration, desired: object.metadata.generation },
    suspended: object.spec?.suspend === true,
    attempted: compact({ chartVersion: status.lastAttemptedRevision, configDigest: status.lastAttemptedConfigDigest }),
  };
  return current ? { ...observation, release: compact(current) } : observation;
}

function compact(snapshot: ReleaseSnapshot): ReleaseSnapshot {
  return Object.fromEntries(Object.entries(snapshot).filter(([, value]) => value !== undefined && value !== ""));
}
