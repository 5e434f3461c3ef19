/**
 * POST /api/messages: the bot's messaging endpoint. Thin, and in this order: no bearer token is
 * a 401 before anything else; the SDK authenticates the token (401) before the body is read;
 * then the body (415 not JSON, 413 too large, 400 not an activity the SDK can read or without a
 * channelId); then the token's signing key must be endorsed for the activity's channel (401,
 * channelEndorsement.ts), before anything acts on the activity; then the SDK's turn, which answers 400 itself for an activity without type or conversation, or whose
 * service URL is not the token's. Refusals are precise 4xx; our own failures are 503 without
 * detail, and a 503 is only ever answered to an authenticated request or when the bot is not
 * configured at all.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { parseJsonBody } from "../../ingest/http/parseJson.js";
import { readRawBody } from "../../ingest/http/rawBody.js";
import { Rejection } from "../../ingest/http/rejection.js";
import { requireContentType, requireMethod } from "../../ingest/http/requestChecks.js";
import { adapterRequest } from "./adapterShim.js";
import type { BotEndpoint } from "./botEndpoint.js";
import { functionAnswer, refusedEndorsement, refusedToken } from "./functionAnswer.js";
import { MAX_ACTIVITY_DEPTH, nestsDeeperThan } from "./nesting.js";

export interface MessagesRoot {
  endpoint: BotEndpoint;
  maxBodyBytes: number;
}

const BEARER_JWT = /^Bearer\s+[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/i;

const UNAVAILABLE: HttpResponseInit = { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };

export function messagesDoor(root: () => Promise<MessagesRoot>) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      requireMethod(request, ["POST"]);
      // Only the shape of a JWT (three base64url parts) is checked here; the SDK verifies it. A
      // token of another shape is a stranger's, and must not reach the SDK, whose failure on it
      // would look like ours (503).
      if (!BEARER_JWT.test(request.headers.get("authorization")?.trim() ?? "")) throw new Rejection(401, "a Bot Framework bearer token is required");
      const ready = await openRoot(root, context);
      if (!ready) return { ...UNAVAILABLE, headers: { "Retry-After": "30" } };
      const sdkRequest = adapterRequest(request.method, request.headers.entries());
      const refused = await ready.endpoint.authenticate(sdkRequest);
      if (refused) return refusedToken(refused, context);
      requireContentType(request, ["application/json"]);
      const body = parseJsonBody(await readRawBody(request, ready.maxBodyBytes));
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Rejection(400, "the body must be an activity object");
      const activity = body as Record<string, unknown>;
      if (nestsDeeperThan(activity, MAX_ACTIVITY_DEPTH)) throw new Rejection(400, `the activity nests deeper than ${MAX_ACTIVITY_DEPTH} levels`);
      if (!ready.endpoint.readsAsActivity(activity)) throw new Rejection(400, "the body is not a Bot Framework activity");
      const channelId = activity["channelId"];
      if (typeof channelId !== "string" || channelId === "") throw new Rejection(400, "the activity names no channel (channelId)");
      const endorsement = await ready.endpoint.endorses(sdkRequest, channelId);
      if (!endorsement.endorsed) return refusedEndorsement(endorsement.reason, context);
      return functionAnswer(await ready.endpoint.process({ ...sdkRequest, body: activity }, context), context);
    } catch (error) {
      if (error instanceof Rejection) return { status: error.status, headers: error.headers, jsonBody: { error: error.message } };
      context.error("the Teams messaging endpoint failed", error);
      return UNAVAILABLE;
    }
  };
}

async function openRoot(root: () => Promise<MessagesRoot>, context: InvocationContext): Promise<MessagesRoot | undefined> {
  try {
    return await root();
  } catch (error) {
    context.error("the Teams bot is not ready (check the BATON_TEAMS_* settings)", error);
    return undefined;
  }
}
