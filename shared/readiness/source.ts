import type { Observation } from "./observation.js";
import type { ReadinessTarget } from "./target.js";

/**
 * One place readiness is read from: Flux events, the Kubernetes API, or ARM (architecture.md).
 * Implementations never throw because the object is absent or the cluster or ARM is unreachable:
 * they return an `unavailable` observation, which the decision turns into a retryable outcome.
 * Failures of Baton's own storage still throw (with their cause), for the activity to retry.
 */
export interface ReadinessSource {
  observe(target: ReadinessTarget): Promise<Observation>;
  /**
   * Asks the agent to look again now (Argo CD: the `argocd.argoproj.io/refresh` annotation).
   * Best effort: never throws; absent where the source cannot ask.
   */
  refresh?(target: ReadinessTarget): Promise<{ ok: boolean; detail: string }>;
}
