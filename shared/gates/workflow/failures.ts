/**
 * GitHub failures in the one result contract: what retrying can fix (rate limits, 5xx, network)
 * is `errored`; what needs a person (credentials, permissions, a missing workflow) is `failed`.
 */
import { isRequestError } from "../../gitops/github/errors.js";
import { errored, failed, type StepResult } from "../../steps/result.js";
import { refusedStep } from "../../steps/refusal.js";

/**
 * The gate's client could not be built: its token or App key is outside the pipelines' secret
 * scope (terminal), or could not be read now (retried on the gate's own timer).
 */
export function clientFailure<T>(error: unknown, where: string): StepResult<T> {
  return refusedStep(error, where) ?? errored(`${where}: ${error instanceof Error ? error.message : String(error)}`);
}

export function githubFailure<T>(error: unknown, where: string): StepResult<T> {
  if (!isRequestError(error)) return errored(`${where}: could not reach GitHub (${error instanceof Error ? error.message : String(error)})`);
  const { status } = error;
  const remaining = error.response?.headers["x-ratelimit-remaining"];
  if (status === 429 || (status === 403 && (remaining === "0" || /rate limit/i.test(error.message)))) return errored(`${where}: GitHub rate limit (${status}); will retry`);
  if (status >= 500) return errored(`${where}: GitHub answered ${status}; will retry`);
  if (status === 401) return failed(`${where}: GitHub refused the credentials (401); check the gate's token or GitHub App`);
  if (status === 403) return failed(`${where}: forbidden (403: ${error.message}); the token or App needs actions:write on the repository`);
  if (status === 404) return failed(`${where}: not found (404); check the repository, the workflow file name, and that the token or App can see it`);
  return failed(`${where}: GitHub refused the request (${status}: ${error.message})`);
}
