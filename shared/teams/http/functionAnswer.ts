import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { CollectedResponse } from "./adapterShim.js";

/**
 * What the adapter answered, as the function's response. CloudAdapter.process puts the library's
 * error message in the body of a 401 or 500; that goes to the log, never to the caller. Any 5xx
 * from the adapter is our failure (a bot logic error, Durable or storage down): 503.
 */
export function functionAnswer(response: CollectedResponse, context: InvocationContext): HttpResponseInit {
  const status = response.finished ? response.statusCode : 500;
  if (status === 401 || status === 403) {
    context.warn(`Teams request refused: ${describe(response.body)}`);
    return { status, jsonBody: { error: "unauthorized: the Bot Framework token was not accepted" } };
  }
  if (status >= 500) {
    context.error(`the Teams bot failed: ${describe(response.body)}`);
    return { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };
  }
  const body = response.body;
  if (body === undefined || body === null || body === "") return { status, headers: response.headers };
  return typeof body === "string" ? { status, headers: response.headers, body } : { status, headers: response.headers, jsonBody: body };
}

function describe(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(body ?? "no detail");
}
