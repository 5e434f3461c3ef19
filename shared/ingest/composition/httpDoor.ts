import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { HttpDoor } from "../http/answer.js";
import { traceHttpDoor } from "../../telemetry/doors.js";
import type { IngestRoot } from "./ingestRoot.js";

/** Every method, so a wrong one reaches the door and gets a 405 instead of the host's 404. */
export const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/**
 * Adapts a door factory to an app.http handler: builds the root on first request, then the door
 * over this invocation's Durable client. A root that cannot be built (bad settings, storage down,
 * a module the door imports on first use that failed to load) is our failure, answered 503 so
 * senders retry. Each delivery is the root span of the promotions it
 * starts (shared/telemetry/).
 */
export function httpDoor(root: () => Promise<IngestRoot>, build: (root: IngestRoot, context: InvocationContext) => HttpDoor | Promise<HttpDoor>) {
  return traceHttpDoor(async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    let door: HttpDoor;
    try {
      door = await build(await root(), context);
    } catch (error) {
      context.error("ingestion is not ready", error);
      return { status: 503, headers: { "Retry-After": "30" }, jsonBody: { error: "temporarily unavailable, retry later" } };
    }
    return door(request, context);
  });
}

export const durableClientOf = (context: InvocationContext) => df.getClient(context);
