import { GitOpsError } from "../errors.js";

/** The shape of Octokit's RequestError (name "HttpError"); checked structurally, it is not our dependency. */
interface OctokitRequestError extends Error {
  status: number;
  response?: { headers: Record<string, string | number | undefined> };
}

export function isRequestError(error: unknown): error is OctokitRequestError {
  return error instanceof Error && error.name === "HttpError" && typeof (error as { status?: unknown }).status === "number";
}

/** True when GitHub refused a ref update because the branch moved (not a fast-forward any more). */
export function isLostRace(error: unknown): boolean {
  return isRequestError(error) && (error.status === 422 || error.status === 409) && /fast.forward|already exists|update/i.test(error.message);
}

/** Maps Octokit failures to typed GitOps failures. Octokit redacts the token from request data. */
export function toGitOpsError(error: unknown, where: string): GitOpsError {
  if (error instanceof GitOpsError) return error;
  if (isRequestError(error)) {
    const status = error.status;
    const remaining = error.response?.headers["x-ratelimit-remaining"];
    const retryAfter = Number(error.response?.headers["retry-after"] ?? Number.NaN);
    const hint = Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {};
    if (status === 429 || (status === 403 && (remaining === "0" || /rate limit/i.test(error.message)))) {
      return new GitOpsError("transient", `${where}: GitHub rate limit; will retry.`, { cause: error, ...hint });
    }
    if (status === 401) return new GitOpsError("unauthorized", `${where}: GitHub refused the credentials (401); check the App installation or token.`, { cause: error });
    if (status === 403) return new GitOpsError("unauthorized", `${where}: forbidden (403); the App or token needs contents:write (and pull_requests:write for PR mode).`, { cause: error });
    if (status === 404) return new GitOpsError("repository-not-found", `${where}: not found (404); check owner, repository and branch, and that the App is installed on it.`, { cause: error });
    if (status >= 500) return new GitOpsError("transient", `${where}: GitHub answered ${status}; will retry.`, { cause: error });
    return new GitOpsError("invalid-edit", `${where}: GitHub refused the request (${status}: ${error.message}).`, { cause: error });
  }
  return new GitOpsError("transient", `${where}: network failure talking to GitHub (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
}
