import { EventGridDeserializer } from "@azure/eventgrid";
import { Rejection } from "../http/rejection.js";

/** One entry of an Event Grid delivery, whichever schema the subscription uses. */
export type EventGridItem =
  | { kind: "validation"; id: string; validationCode: string }
  | { kind: "event"; id: string; type: string; subject: string; time: string; origin: string; data: unknown };

const validationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
const deserializer = new EventGridDeserializer();

/**
 * Reads a delivery in the Event Grid schema (always an array) or CloudEvents 1.0 (structured
 * single event or batch). The schema is told by the shape, not the content type, because a
 * plain-webhook subscription may send CloudEvents as `application/json`.
 */
export async function parseEventGridDelivery(body: unknown): Promise<EventGridItem[]> {
  const entries: unknown[] = Array.isArray(body) ? body : [body];
  if (entries.length === 0) throw new Rejection(400, "invalid Event Grid delivery: empty array");
  if (!allObjects(entries)) throw new Rejection(400, "invalid Event Grid delivery: every event must be a JSON object");
  const cloudEvents = entries.filter((e) => "specversion" in e).length;
  if (cloudEvents !== 0 && cloudEvents !== entries.length) throw new Rejection(400, "invalid Event Grid delivery: mixes CloudEvents and Event Grid events");
  if (cloudEvents === 0 && !Array.isArray(body)) throw new Rejection(400, "invalid Event Grid delivery: Event Grid schema events come in an array");
  try {
    return cloudEvents > 0 ? await fromCloudEvents(entries) : await fromEventGridEvents(entries);
  } catch (error) {
    if (error instanceof Rejection) throw error;
    // The SDK's messages name the missing or mistyped property, e.g. "event is missing required property 'topic'".
    throw new Rejection(400, `invalid Event Grid delivery: ${error instanceof Error ? error.message : "unreadable event"}`);
  }
}

async function fromEventGridEvents(entries: Record<string, unknown>[]): Promise<EventGridItem[]> {
  const events = (await Promise.all(entries.map((e) => deserializer.deserializeEventGridEvents(e)))).flat();
  return events.map((e): EventGridItem => {
    if (e.eventType === validationEvent) return { kind: "validation", id: e.id, validationCode: validationCodeOf(e.data) };
    return { kind: "event", id: e.id, type: e.eventType, subject: e.subject, time: e.eventTime.toISOString(), origin: e.topic ?? "", data: e.data };
  });
}

async function fromCloudEvents(entries: Record<string, unknown>[]): Promise<EventGridItem[]> {
  const events = (await Promise.all(entries.map((e) => deserializer.deserializeCloudEvents(e)))).flat();
  return events.map((e): EventGridItem => {
    if (e.type === validationEvent) return { kind: "validation", id: e.id, validationCode: validationCodeOf(e.data) };
    return { kind: "event", id: e.id, type: e.type, subject: e.subject ?? "", time: e.time?.toISOString() ?? "", origin: e.source, data: e.data };
  });
}

function validationCodeOf(data: unknown): string {
  const code = isObject(data) ? data["validationCode"] : undefined;
  if (typeof code !== "string" || code.length === 0) throw new Rejection(400, "invalid Event Grid validation event: data.validationCode missing");
  return code;
}

function allObjects(values: unknown[]): values is Record<string, unknown>[] {
  return values.every(isObject);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
