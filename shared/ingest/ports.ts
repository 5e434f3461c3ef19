/**
 * The two things ingestion asks of Durable Functions, behind interfaces so handlers run and are
 * tested without a Functions host. Adapters over DurableClient live in ./adapters.
 */
import type { EventName, EventPayloads } from "../durable/events.js";
import type { PromotionInput } from "../durable/names.js";
import type { PipelineLookup } from "../pipelines/types.js";
import type { ImagePublished } from "./model.js";

export interface StartedPromotion {
  instanceId: string;
  /** `started` by this call, or it `exists` already (a duplicate or redelivered event). */
  status: "started" | "exists";
  /** Where the promotion's status can be read. */
  statusLocation: string;
}

export interface PromotionStarter {
  /** Starts the promotion under this deterministic id unless an instance with that id is live or done. */
  startIfAbsent(instanceId: string, input: PromotionInput): Promise<StartedPromotion>;
}

export interface SignalSender {
  /** `gone` when the instance no longer exists or has finished, so the wait can be forgotten. */
  raise<E extends EventName>(instanceId: string, event: E, payload: EventPayloads[E]): Promise<"delivered" | "gone">;
}

/**
 * Which pipelines take an image, asked only once a door has verified and parsed a delivery (the
 * configuration is read lazily, never for a stranger). `waiting`: no valid configuration decides
 * now (the pipelines file is invalid); the image is kept and promoted once it is valid.
 */
export interface PipelineDecider {
  decide(): Promise<{ lookup: PipelineLookup } | { waiting: string }>;
}

/** Images accepted while no valid configuration could decide them, stored until one can. */
export interface KeptImages {
  keep(image: ImagePublished, reason: string): Promise<void>;
}
