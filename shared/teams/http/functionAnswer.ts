import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { CollectedResponse } from "./adapterShim.js";

/**
 * The SDK's refusal of a token, as the function's response: 401 (405 for a method it does not
 * take). Its reason goes to the log, never to the caller.
 */
export function refusedToken(response: CollectedResponse, context: InvocationContext): HttpResponseInit {
  context.warn(`Teams request refused: ${describe(response.body)}`);
  const status = response.statusCode === 405 ? 405 : 401;
  return { status, jsonBody: { error: "unauthorized: the Bot Framework token was not accepted" } };
}

/**
 * A token the SDK accepted whose signing key does not vouch for the activity's channel
 * (channelEndorsement.ts): 401, as the Bot Connector's own validators answer. The reason names
 * the channel, never token content.
 */
export function refusedEndorsement(reason: string, context: InvocationContext): HttpResponseInit {
  context.warn(`Teams request refused: the Bot Framework token was accepted by the SDK, but ${reason}`);
  return { status: 401, jsonBody: { error: `unauthorized: the Bot Framework token does not vouch for this activity's channel: ${reason}` } };
}

/**
 * What the SDK answered for a turn, as the function's response. Any 5xx from the SDK is our
 * failure (a bot logic error, Durable or storage down): 503 without detail. A 400 is the SDK
 * refusing the activity (no type or conversation, a service URL that is not the token's).
 */
export function functionAnswer(response: CollectedResponse, context: InvocationContext): HttpResponseInit {
  const status = response.writableEnded ? response.statusCode : 500;
  if (status >= 500) {
    context.error(`the Teams bot failed: ${describe(response.body)}`);
    return { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };
  }
  if (status === 400 && response.body === undefined) {
    context.warn("Teams activity refused by the SDK (no type or conversation, or a service URL that is not the token's)");
    return { status, jsonBody: { error: "the activity was not accepted" } };
  }
  const body = response.body;
  if (body === undefined || body === null || body === "") return { status, headers: response.headers };
  return typeof body === "string" ? { status, headers: response.headers, body } : { status, headers: response.headers, jsonBody: body };
}

function describe(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(body ?? "no detail");
}
