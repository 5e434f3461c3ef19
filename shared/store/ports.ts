/**
 * What ingestion needs from storage. Keys are opaque strings built by the ingest layer; the Azure
 * Tables adapters beside this file implement them, tests use in-memory fakes.
 */
import type { FluxReportPayload } from "../durable/events.js";

/** Deliveries whose effect is done, remembered for a retention window (dedupe of redeliveries). */
export interface DeliveryLog {
  hasSeen(source: string, deliveryId: string): Promise<boolean>;
  /** Called only after the delivery's effect is durably done (record-then-ack). */
  markSeen(source: string, deliveryId: string): Promise<void>;
}

/** Which promotion instances wait for which signal key. */
export interface SubscriptionStore {
  add(key: string, instanceId: string): Promise<void>;
  remove(key: string, instanceId: string): Promise<void>;
  waiting(key: string): Promise<string[]>;
}

/** A Flux report kept per object, so a promotion that starts waiting late still sees it. */
export interface FluxReport extends FluxReportPayload {
  outcome: "ready" | "failed";
}

export interface FluxRevisionStore {
  /** Keeps the report unless a newer one (by reportedAt) is already stored: events arrive unordered. */
  record(objectKey: string, report: FluxReport): Promise<"recorded" | "stale">;
  last(objectKey: string): Promise<FluxReport | undefined>;
}
