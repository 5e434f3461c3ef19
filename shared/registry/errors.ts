/**
 * Why a registry read did not give an answer, sorted by what Baton does next:
 *
 * - `unavailable`: the registry or Entra could not be reached, timed out, or answered 429/5xx.
 *   Retryable: the push is kept and decided again later, never lost.
 * - `refused`: the registry refused Baton's identity (401/403) or the host is not one Baton may
 *   read. An operator's fix (the AcrPull role, BATON_ALLOWED_HOSTS); the push is not promoted.
 * - `not-found`: no such manifest or blob (deleted since the push).
 * - `invalid`: the content is not what it claims to be: its bytes do not hash to the digest, it
 *   is larger than Baton reads, or it is not the JSON it should be.
 */
export type RegistryProblem = "unavailable" | "refused" | "not-found" | "invalid";

export class RegistryError extends Error {
  constructor(
    readonly problem: RegistryProblem,
    message: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }

  get retryable(): boolean {
    return this.problem === "unavailable";
  }
}
