/**
 * POST /api/messages: the Bot Framework messaging endpoint (issue 6 item 1). Thin: no bearer
 * token, 401 before the body is read; then the body (415 not JSON, 413 too large, 400 not an
 * activity); then CloudAdapter.process, whose authentication (channelAuthentication.ts) runs
 * before any bot logic. Refusals are precise 4xx; our own failures are 503 without detail.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { CloudAdapter } from "botbuilder";
import { parseJsonBody } from "../../ingest/http/parseJson.js";
import { readRawBody } from "../../ingest/http/rawBody.js";
import { Rejection } from "../../ingest/http/rejection.js";
import { requireContentType, requireMethod } from "../../ingest/http/requestChecks.js";
import { ApprovalBot } from "../bot/approvalBot.js";
import type { CardActionDeps } from "../bot/cardActionDeps.js";
import { adapterRequest, CollectedResponse } from "./adapterShim.js";
import { functionAnswer } from "./functionAnswer.js";

export interface MessagesRoot {
  adapter: CloudAdapter;
  maxBodyBytes: number;
  deps(context: InvocationContext): CardActionDeps;
}

export function messagesDoor(root: () => Promise<MessagesRoot>) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      requireMethod(request, ["POST"]);
      if (!/^Bearer\s+\S+$/i.test(request.headers.get("authorization")?.trim() ?? "")) throw new Rejection(401, "a Bot Framework bearer token is required");
      const ready = await openRoot(root, context);
      if (!ready) return { status: 503, headers: { "Retry-After": "30" }, jsonBody: { error: "temporarily unavailable, retry later" } };
      requireContentType(request, ["application/json"]);
      const activity = parseJsonBody(await readRawBody(request, ready.maxBodyBytes));
      if (typeof activity !== "object" || activity === null || Array.isArray(activity)) throw new Rejection(400, "the body must be an activity object");
      const response = new CollectedResponse();
      const bot = new ApprovalBot(ready.deps(context), { warn: (m) => context.warn(m) });
      await ready.adapter.process(adapterRequest(request.method, request.headers.entries(), activity as Record<string, unknown>), response, (turn) => bot.run(turn));
      return functionAnswer(response, context);
    } catch (error) {
      if (error instanceof Rejection) return { status: error.status, headers: error.headers, jsonBody: { error: error.message } };
      context.error("the Teams messaging endpoint failed", error);
      return { status: 503, headers: { "Retry-After": "10" }, jsonBody: { error: "temporarily unavailable, retry later" } };
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
