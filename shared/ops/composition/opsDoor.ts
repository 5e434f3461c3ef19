import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { OpsDeps } from "../api/opsDeps.js";
import type { Caller } from "../auth/roles.js";
import { opsAnswer } from "../http/opsAnswer.js";
import { traceHttpDoor } from "../../telemetry/doors.js";
import type { OpsRoot } from "./opsRoot.js";

export type OpsHandler = (deps: OpsDeps, caller: Caller, request: HttpRequest) => Promise<HttpResponseInit>;

/**
 * Adapts an ops handler to an app.http handler: builds the root on first request (503 if it
 * cannot: bad settings or storage down, our failure), authenticates the caller (401), then runs
 * the handler inside opsAnswer so every refusal is a precise 4xx. A hand start is the root span of
 * its promotion's trace (shared/telemetry/).
 */
export function opsDoor(root: () => Promise<OpsRoot>, handler: OpsHandler) {
  return traceHttpDoor(async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    let deps: OpsDeps;
    try {
      deps = (await root()).deps(df.getClient(context));
    } catch (error) {
      context.error("the ops API is not ready", error);
      return { status: 503, headers: { "Retry-After": "30" }, jsonBody: { error: "temporarily unavailable, retry later" } };
    }
    return opsAnswer(async (req) => handler(deps, await deps.authenticate(req), req))(request, context);
  });
}
