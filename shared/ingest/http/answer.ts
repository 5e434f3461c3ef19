import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { DoorNotConfigured, Rejection } from "./rejection.js";

export type HttpDoor = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Wraps a door so that whatever happens the sender gets a deliberate answer: a Rejection becomes
 * its 4xx, anything else (storage or Durable unavailable) a 503 so at-least-once senders retry.
 * Unexpected errors are logged with their cause but the response body never carries details.
 */
export function answer(door: HttpDoor): HttpDoor {
  return async (request, context) => {
    try {
      return await door(request, context);
    } catch (error) {
      if (error instanceof Rejection) {
        context.warn(`rejected ${request.method} ${new URL(request.url).pathname}: ${error.status} ${error.message}`);
        return { status: error.status, headers: error.headers, jsonBody: { error: error.message } };
      }
      if (error instanceof DoorNotConfigured) {
        context.error(error.message);
        return { status: 503, headers: { "Retry-After": "60" }, jsonBody: { error: "endpoint not configured" } };
      }
      context.error("ingestion failed; the sender should retry", error);
      return { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };
    }
  };
}
