/**
 * The Functions host's own Event Grid endpoint, `/runtime/webhooks/eventgrid?functionName=<name>`,
 * for `app.eventGrid` triggers. Like the real host it answers both subscription handshakes itself
 * (protocols.md 1.5 and 1.6) and invokes the function once per delivered event.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { invokeFunction, triggerOf, type FunctionLog } from "../core/invoke.js";
import type { LoadedApp } from "../core/loadApp.js";
import type { FunctionRegistration, RpcParameterBinding } from "../core/types.js";
import { BodyTooLargeError, jsonNestsDeeperThan, MAX_JSON_DEPTH, readBody, sendJson } from "../http/io.js";

export const EVENT_GRID_PATH = "/runtime/webhooks/eventgrid";
const MAX_BODY = 1024 * 1024 + 64 * 1024; // Event Grid caps a delivery at 1 MB.
// What Event Grid sends: its own schema, CloudEvents (single or batched). Anything else is not a
// delivery; refusing it also keeps out HTML forms and other "simple" cross-site posts.
const MEDIA_TYPES = ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"];

export interface EventGridContext {
  app: LoadedApp;
  log: FunctionLog;
  extraInputs: (fn: FunctionRegistration) => RpcParameterBinding[];
}

export function eventGridFunctions(app: LoadedApp): FunctionRegistration[] {
  return app.functions.filter((f) => triggerOf(f).type.toLowerCase() === "eventgridtrigger");
}

export async function handleEventGrid(ctx: EventGridContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const name = url.searchParams.get("functionName") ?? "";
  const fn = eventGridFunctions(ctx.app).find((f) => f.metadata.name.toLowerCase() === name.toLowerCase());
  if (!fn) return sendJson(res, 404, { message: `No Event Grid trigger function named '${name}'.` });

  if (req.method === "OPTIONS") {
    // CloudEvents abuse protection: consent to the origin that asks (cloudevents http-webhook 4).
    const origin = headerValue(req, "webhook-request-origin");
    if (!origin) return sendJson(res, 400, { message: "An OPTIONS handshake needs a WebHook-Request-Origin header." });
    res.writeHead(200, { "WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*", Allow: "POST, OPTIONS" });
    res.end();
    return;
  }
  if (req.method !== "POST") return sendJson(res, 405, { message: "Event Grid delivers with POST." }, { Allow: "POST, OPTIONS" });
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!MEDIA_TYPES.includes(mediaType)) return sendJson(res, 415, { message: `Content-Type must be ${MEDIA_TYPES.join(", ")}.` });

  let parsed: unknown;
  try {
    const text = (await readBody(req, MAX_BODY)).toString("utf8");
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) return sendJson(res, 400, { message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.` });
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    return sendJson(res, 400, { message: "The request body is not valid JSON." });
  }
  const events = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  const kind = headerValue(req, "aeg-event-type");
  if (kind === "SubscriptionValidation") {
    const code = validationCode(events[0]);
    if (!code) return sendJson(res, 400, { message: "The validation event has no data.validationCode." });
    return sendJson(res, 200, { validationResponse: code });
  }
  if (kind === "SubscriptionDeletion") return sendJson(res, 202, undefined);
  const trigger = triggerOf(fn);
  for (const event of events) {
    if (typeof event !== "object" || event === null) return sendJson(res, 400, { message: "Each event must be a JSON object." });
    try {
      await invokeFunction(ctx.app, fn, { inputData: [{ name: trigger.name, data: { json: JSON.stringify(event) } }, ...ctx.extraInputs(fn)] }, ctx.log);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      ctx.log(fn.metadata.name, "error", "user", `Executed '${fn.metadata.name}' (Failed): ${message}`);
      // A failure answer makes Event Grid retry the delivery (protocols.md 1.4).
      return sendJson(res, 500, { message: `Function '${fn.metadata.name}' failed.` });
    }
  }
  sendJson(res, 202, undefined);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function validationCode(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const data = (event as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return undefined;
  const code = (data as { validationCode?: unknown }).validationCode;
  return typeof code === "string" ? code : undefined;
}
