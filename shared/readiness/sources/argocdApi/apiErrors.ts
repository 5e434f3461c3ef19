import type { Unavailable } from "../../observation.js";

/** What one request to the Argo CD API server was, for messages (never the token). */
export interface AskedRequest {
  /** `GET /api/v1/applications/<name>?appNamespace=<ns> on <server>`. */
  asked: string;
  tokenSecret: string;
  /** The project the request names, if any: without it Argo CD answers a missing app with 403. */
  project?: string;
}

const MESSAGE_LIMIT = 300;

/**
 * An answer other than 200 as an `unavailable` observation whose detail says what to check.
 * Argo CD's gRPC gateway answers errors with a `runtimeError` body (`{ code, error, message }`);
 * its message is quoted, bounded and with the token blanked, should a proxy ever echo it.
 */
export function unavailableFromStatus(status: number, bodyText: string, request: AskedRequest, token: string): Unavailable {
  const said = serverMessage(bodyText, token);
  const answer = `${request.asked} answered ${status}${said ? ` (${said})` : ""}`;
  if (status === 401) {
    return unavailable(false, `${answer}: Argo CD did not accept the token in secret ${request.tokenSecret} (expired, revoked, or its account disabled or without the apiKey capability); generate a new one with argocd account generate-token and store it in ${request.tokenSecret}`);
  }
  if (status === 403) {
    const missing = request.project
      ? ""
      : "; Argo CD also answers 403 for an Application that does not exist when no project is named (set observe.project to tell the two apart)";
    return unavailable(false, `${answer}: the account behind secret ${request.tokenSecret} may not get this Application; grant it read access in argocd-rbac-cm (p, role:baton, applications, get, */*, allow)${missing}`);
  }
  if (status === 404) {
    return unavailable(true, `${answer}: check the Application's name and namespace, its project (observe.project), and that Argo CD watches applications in that namespace (application.namespaces)`);
  }
  if (status >= 300 && status < 400) {
    return unavailable(false, `${answer}: Baton does not follow redirects with the Argo CD token; set observe.url to the API server's own https URL`);
  }
  return unavailable(false, answer);
}

/** A failed connection, a timeout or a refusal by Baton's outbound guard. */
export function unavailableFromError(error: unknown, request: AskedRequest, timeoutMs: number): Unavailable {
  if (isTimeout(error)) return unavailable(false, `${request.asked} did not answer within ${timeoutMs / 1000} s`);
  if (error instanceof Error && error.name === "OutboundRefusedError") return unavailable(false, `${request.asked} refused by Baton: ${error.message}`);
  return unavailable(false, `${request.asked} failed: ${describe(error)}; check that the API server is reachable from Baton`);
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

export function unavailable(notFound: boolean, detail: string): Unavailable {
  return { kind: "unavailable", source: "argocd-api", notFound, detail };
}

/** fetch's own error says only "fetch failed"; the cause's code (ECONNREFUSED, ENOTFOUND) says why. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) return `${error.message} (${"code" in cause && typeof cause.code === "string" ? cause.code : cause.message})`;
  return error.message;
}

function serverMessage(bodyText: string, token: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  const message = typeof fields["message"] === "string" ? fields["message"] : typeof fields["error"] === "string" ? fields["error"] : undefined;
  if (!message) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters have no place in a status line
  const clean = (token ? message.replaceAll(token, "[token]") : message).replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT)}…` : clean;
}
