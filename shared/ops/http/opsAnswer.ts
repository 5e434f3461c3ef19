import type { HttpDoor } from "../../ingest/http/answer.js";
import { DoorNotConfigured, Rejection } from "../../ingest/http/rejection.js";
import { Refusal } from "./refusal.js";

/**
 * Wraps an ops door so every outcome is deliberate: a Refusal or an ingestion Rejection (thrown by
 * the shared body and method helpers) becomes its 4xx; anything else is ours (storage or Durable
 * unavailable), a 503 whose body carries no detail. Client input never produces a 5xx.
 */
export function opsAnswer(door: HttpDoor): HttpDoor {
  return async (request, context) => {
    try {
      return await door(request, context);
    } catch (error) {
      if (error instanceof Refusal || error instanceof Rejection) {
        context.warn(`ops refused ${request.method} ${new URL(request.url).pathname}: ${error.status} ${error.message}`);
        return { status: error.status, headers: error.headers, jsonBody: { error: error.message } };
      }
      if (error instanceof DoorNotConfigured) {
        context.error(error.message);
        return { status: 503, headers: { "Retry-After": "60" }, jsonBody: { error: "endpoint not configured" } };
      }
      context.error(`ops ${request.method} ${new URL(request.url).pathname} failed`, error);
      return { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };
    }
  };
}
