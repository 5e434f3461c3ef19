import { ApiException } from "@kubernetes/client-node";
import type { Unavailable } from "../../observation.js";

/**
 * A failed read as an `unavailable` observation whose detail says what to check. Built from the
 * status code and the API server's `Status` message only: the client's own error text embeds
 * response headers, which have no place in custom status or the audit.
 */
export function unavailableFrom(error: unknown, request: { cluster: string; path: string; resource: string; namespace: string }): Unavailable {
  const asked = `GET ${request.path} on cluster ${request.cluster}`;
  if (error instanceof ApiException) {
    const code = error.code;
    const said = statusMessage(error.body);
    const answer = `${asked} answered ${code}${said ? `: ${said}` : ""}`;
    if (code === 404) {
      return unavailable(true, `${answer}; check the object's name and namespace, and that Flux (${request.resource}) is installed`);
    }
    if (code === 401 || code === 403) {
      return unavailable(false, `${answer}; grant Baton's identity "get" on ${request.resource} in namespace ${request.namespace}`);
    }
    return unavailable(false, answer);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return unavailable(false, `${asked} failed: ${reason}; check that the API server is reachable from Baton`);
}

function unavailable(notFound: boolean, detail: string): Unavailable {
  return { kind: "unavailable", source: "kubernetes", notFound, detail };
}

/** `Status.message` from the body, which the client hands over as text or parsed JSON. */
function statusMessage(body: unknown): string | undefined {
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "string") return parsed.message;
  return undefined;
}
