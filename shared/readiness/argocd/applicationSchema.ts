import { z } from "zod";

/**
 * The fields of an Argo CD `argoproj.io/v1alpha1` Application readiness depends on, as the
 * application controller writes them (Argo CD's published Application CRD). Both the Kubernetes
 * API and Baton's notification template deliver this shape.
 */
export const applicationSchema = z.object({
  metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1).optional() }),
  status: z
    .object({
      /** When the controller last compared the live state with git (RFC 3339). */
      reconciledAt: z.string().nullish(),
      sync: z
        .object({
          status: z.string().optional(),
          revision: z.string().optional(),
          revisions: z.array(z.string()).nullish(),
        })
        .nullish(),
      health: z.object({ status: z.string().optional(), message: z.string().optional() }).nullish(),
      operationState: z
        .object({
          phase: z.string(),
          message: z.string().optional(),
          finishedAt: z.string().optional(),
          syncResult: z.object({ revision: z.string().optional(), revisions: z.array(z.string()).nullish() }).nullish(),
          operation: z.object({ sync: z.object({ revision: z.string().optional() }).nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export type ApplicationObject = z.infer<typeof applicationSchema>;
