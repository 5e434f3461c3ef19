import { Errors } from "isomorphic-git";
import { GitOpsError } from "../errors.js";

const networkCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/** Maps isomorphic-git and network failures to typed GitOps failures. `where` must hold no secrets. */
export function toGitOpsError(error: unknown, where: string): GitOpsError {
  if (error instanceof GitOpsError) return error;
  if (error instanceof Errors.HttpError) {
    const status = error.data.statusCode;
    if (status === 401 || status === 403) return new GitOpsError("unauthorized", `${where}: the server refused the credentials (HTTP ${status}); check the token and its repository permissions.`, { cause: error });
    if (status === 404) return new GitOpsError("repository-not-found", `${where}: repository not found (HTTP 404); check the URL.`, { cause: error });
    if (status === 429 || status >= 500) return new GitOpsError("transient", `${where}: the server answered HTTP ${status}; will retry.`, { cause: error });
  }
  if (error instanceof Errors.UserCanceledError) return new GitOpsError("unauthorized", `${where}: credentials are missing or were refused.`, { cause: error });
  if (error instanceof Errors.NotFoundError) return new GitOpsError("repository-not-found", `${where}: ${error.data.what} not found on the server.`, { cause: error });
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && networkCodes.has(code)) return new GitOpsError("transient", `${where}: network error ${code}; will retry.`, { cause: error });
  return new GitOpsError("transient", `${where}: unexpected git failure (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
}
