/**
 * The Durable extension's HTTP API (protocols.md section 6.1) served from DurableEngine, with
 * the status codes the extension returns, so `df.getClient(context)` works unchanged.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, readBody, sendJson } from "../http/io.js";
import { DURABLE_BASE_PATH, managementPayload, type BindingEndpoints } from "./clientBinding.js";
import { InstanceConflictError, UnknownFunctionError, type DurableEngine } from "./engine.js";
import { eventTypeName, type HistoryEvent } from "./history.js";
import { isTerminal, type InstanceRecord, type RuntimeStatus } from "./status.js";

const RUNTIME_STATUSES: readonly RuntimeStatus[] = ["Pending", "Running", "Completed", "ContinuedAsNew", "Failed", "Canceled", "Terminated", "Suspended"];
const MAX_BODY = 16 * 1024 * 1024;

export interface DurableApiContext {
  engine: DurableEngine;
  taskHub: string;
  endpoints: BindingEndpoints;
}

/** Whether a (lower-case) path belongs to the Durable HTTP API. */
export function isDurableApiPath(lowerPath: string): boolean {
  return lowerPath === DURABLE_BASE_PATH || lowerPath.startsWith(`${DURABLE_BASE_PATH}/`);
}

const ENTITIES_UNSUPPORTED =
  "Durable entities are not supported by the local host (baton-host): run this app under Azure Functions Core Tools or on Azure to use entities.";

export async function handleDurableApi(ctx: DurableApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const parts = decodeSegments(url.pathname.slice(DURABLE_BASE_PATH.length));
  if (!parts) return sendJson(res, 400, { message: "The request path has a malformed percent-escape." });
  const method = req.method ?? "GET";
  const [head, id, op, eventName] = parts;

  if (head === "orchestrators" && id && method === "POST" && parts.length <= 3) {
    return start(ctx, req, res, id, op);
  }
  // Entity calls fail at once and say why, instead of looking like a missing entity.
  if (head === "entities") return sendJson(res, 400, ENTITIES_UNSUPPORTED);
  if (head === "instances") {
    if (!id) {
      if (method === "GET") return query(ctx, req, res, url);
      if (method === "DELETE") return purgeMany(ctx, res, url);
      return sendJson(res, 405, { message: `${method} is not allowed on ${url.pathname}.` });
    }
    if (!op) {
      if (method === "GET") return status(ctx, res, url, id);
      if (method === "DELETE") return purgeOne(ctx, res, id);
      return sendJson(res, 405, { message: `${method} is not allowed on ${url.pathname}.` });
    }
    if (method !== "POST") return sendJson(res, 405, { message: `${method} is not allowed on ${url.pathname}.` });
    if (op === "raiseEvent" && eventName) return raiseEvent(ctx, req, res, id, eventName);
    if (op === "terminate" || op === "suspend" || op === "resume") return control(ctx, res, url, id, op);
    if (op === "rewind") return rewind(ctx, res, id);
    if (op === "restart") return restart(ctx, res, url, id);
  }
  return sendJson(res, 404, { message: `No Durable API operation at ${url.pathname}.` });
}

async function start(ctx: DurableApiContext, req: IncomingMessage, res: ServerResponse, fn: string, requestedId: string | undefined): Promise<void> {
  const inputJson = await jsonBody(req);
  if (inputJson === undefined) return sendJson(res, 400, { message: "The request body must be JSON (the orchestration input)." });
  const instanceId = requestedId ?? randomUUID().replaceAll("-", "");
  try {
    ctx.engine.startNew(fn, instanceId, inputJson);
  } catch (error) {
    if (error instanceof UnknownFunctionError) return sendJson(res, 400, { message: error.message });
    if (error instanceof InstanceConflictError) return sendJson(res, 409, { message: error.message });
    throw error;
  }
  const payload = managementPayload(ctx.endpoints, ctx.taskHub, instanceId);
  sendJson(res, 202, payload, { Location: payload.statusQueryGetUri ?? "", "Retry-After": "10" });
}

function status(ctx: DurableApiContext, res: ServerResponse, url: URL, id: string): void {
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 404, undefined);
  const q = url.searchParams;
  const body = statusBody(instance, {
    showInput: q.get("showInput") !== "false",
    showHistory: q.get("showHistory") === "true",
    showHistoryOutput: q.get("showHistoryOutput") === "true",
    history: () => ctx.engine.store.getHistory(id),
  });
  const s = instance.runtimeStatus;
  if (s === "Failed") return sendJson(res, q.get("returnInternalServerErrorOnFailure") === "true" ? 500 : 200, body);
  if (isTerminal(s)) return sendJson(res, 200, body);
  const location = managementPayload(ctx.endpoints, ctx.taskHub, id).statusQueryGetUri ?? "";
  sendJson(res, 202, body, { Location: location, "Retry-After": "10" });
}

function query(ctx: DurableApiContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const statuses = (q.get("runtimeStatus") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const unknown = statuses.filter((s) => !RUNTIME_STATUSES.includes(s as RuntimeStatus));
  if (unknown.length > 0) return sendJson(res, 400, { message: `Unknown runtimeStatus value(s): ${unknown.join(", ")}.` });
  const from = parseTime(q.get("createdTimeFrom"));
  const to = parseTime(q.get("createdTimeTo"));
  if (from === null || to === null) return sendJson(res, 400, { message: "createdTimeFrom and createdTimeTo must be ISO 8601 times." });
  const top = q.get("top") ? Number(q.get("top")) : 100;
  if (!Number.isInteger(top) || top <= 0) return sendJson(res, 400, { message: "top must be a positive integer." });
  const token = req.headers["x-ms-continuation-token"];
  const after = typeof token === "string" && token.length > 0 ? decodeToken(token) : undefined;
  const page = ctx.engine.store.query({
    ...(from !== undefined ? { createdFrom: from } : {}),
    ...(to !== undefined ? { createdTo: to } : {}),
    statuses: statuses as RuntimeStatus[],
    ...(q.get("instanceIdPrefix") ? { instanceIdPrefix: q.get("instanceIdPrefix") ?? "" } : {}),
    top: top + 1,
    ...(after ? { after } : {}),
  });
  const more = page.length > top;
  const items = page.slice(0, top);
  const last = items[items.length - 1];
  const headers: Record<string, string> = more && last ? { "x-ms-continuation-token": encodeToken(last) } : {};
  const showInput = q.get("showInput") === "true";
  sendJson(res, 200, items.map((i) => statusBody(i, { showInput, showHistory: false, showHistoryOutput: false, history: () => [] })), headers);
}

async function raiseEvent(ctx: DurableApiContext, req: IncomingMessage, res: ServerResponse, id: string, name: string): Promise<void> {
  // The extension's order: the instance first, then the media type, then the JSON.
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 404, { message: `No instance with ID '${id}' found.` });
  if (isTerminal(instance.runtimeStatus)) return sendJson(res, 410, { message: `Instance '${id}' is ${instance.runtimeStatus}.` });
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") return sendJson(res, 400, { message: "Only application/json request content is supported" });
  const input = await jsonBody(req);
  if (input === undefined) return sendJson(res, 400, { message: "Invalid JSON content" });
  ctx.engine.send(id, { type: "EventRaised", name, input });
  sendJson(res, 202, undefined);
}

function control(ctx: DurableApiContext, res: ServerResponse, url: URL, id: string, op: "terminate" | "suspend" | "resume"): void {
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 404, { message: `No instance with ID '${id}' found.` });
  if (isTerminal(instance.runtimeStatus)) return sendJson(res, 410, { message: `Instance '${id}' is ${instance.runtimeStatus}.` });
  // The extension's client refuses these (InvalidOperationException), which its HTTP API turns
  // into a 500 carrying the message; the library then rejects with "unexpected status code: 500".
  // Suspend and resume queue behind other control messages here, so the pending state counts.
  const suspended = ctx.engine.pendingSuspension(id) ?? instance.runtimeStatus === "Suspended";
  if ((op === "suspend" && suspended) || (op === "resume" && !suspended)) {
    const shown = suspended ? "Suspended" : instance.runtimeStatus === "Suspended" ? "Running" : instance.runtimeStatus;
    return sendJson(res, 500, {
      Message: "Something went wrong while processing your request",
      ExceptionMessage: `Cannot ${op} the orchestration instance ${id} because instance is in the ${shown} state.`,
      ExceptionType: "System.InvalidOperationException",
    });
  }
  const reason = url.searchParams.get("reason") ?? "";
  const type = op === "terminate" ? "Terminate" : op === "suspend" ? "Suspend" : "Resume";
  ctx.engine.send(id, { type, reason });
  sendJson(res, 202, undefined);
}

/** Rewind is not implemented; the answers carry a JSON string, which the library turns into its error message. */
function rewind(ctx: DurableApiContext, res: ServerResponse, id: string): void {
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 404, `No orchestration with instance ID "${id}" found.`);
  if (instance.runtimeStatus !== "Failed") {
    return sendJson(res, 412, `This orchestration has status ${instance.runtimeStatus}, but only orchestrations in the "Failed" state can be rewound.`);
  }
  sendJson(res, 501, "Rewind is not supported by the local host (baton-host): restart the instance, or run the app under Core Tools or on Azure.");
}

/** Starts the instance again with its name and input, under a new id unless asked not to (the extension's default). */
function restart(ctx: DurableApiContext, res: ServerResponse, url: URL, id: string): void {
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 400, "InstanceId does not match a valid orchestration instance.");
  const newId = url.searchParams.get("restartWithNewInstanceId")?.toLowerCase() === "false" ? id : randomUUID().replaceAll("-", "");
  try {
    ctx.engine.startNew(instance.name, newId, instance.input);
  } catch (error) {
    if (error instanceof InstanceConflictError) return sendJson(res, 409, "A non-terminal instance with this instance ID already exists.");
    if (error instanceof UnknownFunctionError) return sendJson(res, 400, error.message);
    throw error;
  }
  const payload = managementPayload(ctx.endpoints, ctx.taskHub, newId);
  sendJson(res, 202, payload, { Location: payload.statusQueryGetUri ?? "", "Retry-After": "10" });
}

function purgeOne(ctx: DurableApiContext, res: ServerResponse, id: string): void {
  const instance = ctx.engine.store.getInstance(id);
  if (!instance) return sendJson(res, 404, undefined);
  // As the extension: only finished orchestrations can be purged (412 otherwise).
  if (!isTerminal(instance.runtimeStatus)) {
    return sendJson(res, 412, `Only orchestrations in a terminal state can be purged, but the orchestration with instance ID ${id} has status ${instance.runtimeStatus}`);
  }
  const deleted = ctx.engine.store.purge(id);
  sendJson(res, deleted ? 200 : 404, { instancesDeleted: deleted ? 1 : 0 });
}

function purgeMany(ctx: DurableApiContext, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const from = parseTime(q.get("createdTimeFrom"));
  const to = parseTime(q.get("createdTimeTo"));
  if (from === undefined || from === null || to === null) {
    return sendJson(res, 400, { message: "Purging by filter needs createdTimeFrom (and optionally createdTimeTo, runtimeStatus)." });
  }
  const statuses = (q.get("runtimeStatus") ?? "").split(",").filter((s) => s.length > 0) as RuntimeStatus[];
  // Running instances are never purged from under their orchestration, whatever the filter says.
  const victims = ctx.engine.store
    .query({ createdFrom: from, ...(to !== undefined ? { createdTo: to } : {}), statuses })
    .filter((v) => isTerminal(v.runtimeStatus));
  let deleted = 0;
  for (const v of victims) if (ctx.engine.store.purge(v.instanceId)) deleted++;
  sendJson(res, deleted > 0 ? 200 : 404, { instancesDeleted: deleted });
}

/** The body as JSON text: null when empty, undefined when it is not JSON. */
async function jsonBody(req: IncomingMessage): Promise<string | null | undefined> {
  const body = (await readBody(req, MAX_BODY)).toString("utf8").trim();
  if (body.length === 0) return null;
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) return undefined;
  try {
    JSON.parse(body);
    return body;
  } catch {
    return undefined;
  }
}

/** Path segments percent-decoded; undefined when an escape is malformed (a 400, not a crash). */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split("/")
      .filter((p) => p.length > 0)
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
  history: () => HistoryEvent[];
}

function statusBody(i: InstanceRecord, o: StatusOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: i.name,
    instanceId: i.instanceId,
    runtimeStatus: i.runtimeStatus,
    input: o.showInput ? parse(i.input) : null,
    customStatus: parse(i.customStatus),
    output: parse(i.output),
    createdTime: new Date(i.createdAt).toISOString(),
    lastUpdatedTime: new Date(i.updatedAt).toISOString(),
  };
  if (o.showHistory) body.historyEvents = o.history().map((e) => historyEntry(e, o.showHistoryOutput));
  return body;
}

/** History in the extension's readable form: event names, not codes. */
function historyEntry(e: HistoryEvent, withOutput: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = { EventType: eventTypeName[e.EventType] ?? String(e.EventType), EventId: e.EventId, Timestamp: e.Timestamp };
  if (e.Name !== undefined) entry.Name = e.Name;
  if (e.TaskScheduledId !== undefined) entry.TaskScheduledId = e.TaskScheduledId;
  if (e.TimerId !== undefined) entry.TimerId = e.TimerId;
  if (e.FireAt !== undefined) entry.FireAt = e.FireAt;
  if (e.InstanceId !== undefined) entry.InstanceId = e.InstanceId;
  if (e.Reason !== undefined) entry.Reason = e.Reason;
  if (e.OrchestrationStatus !== undefined) entry.OrchestrationStatus = e.OrchestrationStatus;
  if (withOutput) {
    if (e.Input !== undefined) entry.Input = parse(e.Input ?? null);
    if (e.Result !== undefined) entry.Result = parse(e.Result ?? null);
    if (e.Details !== undefined) entry.Details = e.Details;
  }
  return entry;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** undefined: absent; null: present but not a time. */
function parseTime(value: string | null): number | undefined | null {
  if (value === null || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function encodeToken(last: InstanceRecord): string {
  return Buffer.from(JSON.stringify({ c: last.createdAt, i: last.instanceId })).toString("base64url");
}

function decodeToken(token: string): { createdAt: number; instanceId: string } | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { c?: unknown; i?: unknown };
    return typeof t.c === "number" && typeof t.i === "string" ? { createdAt: t.c, instanceId: t.i } : undefined;
  } catch {
    return undefined;
  }
}
