/**
 * A secret outside the operator's scope for pipelines (shared/config/secretScope.ts) is terminal:
 * retrying cannot change the scope, so every pipeline-driven activity answers the refusal in its
 * own shape for a definitive failure instead of throwing it into the transient retry policy (each
 * retry a queue round trip on Azure, with backoff, before the stage fails with a generic message).
 * The refusal names the secret and the scope, never a value: nothing was read.
 */
import { secretRefusal } from "../config/secretScope.js";
import { failed, type StepResult } from "./result.js";

/** The refusal as a failed step (after `where`, when given); undefined for any other error. */
export function refusedStep<T = never>(error: unknown, where?: string): StepResult<T> | undefined {
  const refusal = secretRefusal(error);
  if (refusal === undefined) return undefined;
  return failed(where ? `${where}: ${refusal}` : refusal);
}

/** The refusal as a failed step; anything else is thrown on, for the activity's transient retries. */
export function refusedOrThrown(error: unknown, where?: string): StepResult<never> {
  const refused = refusedStep(error, where);
  if (!refused) throw error;
  return refused;
}

/**
 * Runs `step`; when a secret it asks for is refused, answers `refused(reason)` instead of
 * throwing. Anything else it throws is thrown on.
 */
export async function answeringRefusal<T>(step: () => Promise<T>, refused: (reason: string) => T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const refusal = secretRefusal(error);
    if (refusal === undefined) throw error;
    return refused(refusal);
  }
}
