import type { EventGridEvent, InvocationContext } from "@azure/functions";
import { Rejection } from "../http/rejection.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake } from "../intake/intake.js";
import { imageFromEventGridEvent } from "../parse/acrEventGrid.js";
import type { IntakeDeps } from "../intake/intake.js";

/** The event as the Functions Event Grid trigger hands it over, in either schema. */
export type TriggerEvent = EventGridEvent | { id: string; type: string; source: string; subject?: string; data?: unknown };

/**
 * ACR pushes through the Event Grid trigger: the host does the handshakes and authentication.
 * An event that can never be processed is logged and dropped (a retry cannot fix it); anything
 * else throws, so the host fails the delivery and Event Grid retries it.
 */
export function createEventGridTriggerHandler(deps: IntakeDeps): (event: TriggerEvent, context: InvocationContext) => Promise<void> {
  const intake = createIntake(deps);
  return async (event, context) => {
    const normalised = "eventType" in event
      ? { id: event.id, type: event.eventType, origin: event.topic ?? "", data: event.data }
      : { id: event.id, type: event.type, origin: event.source, data: event.data };
    let image;
    try {
      image = imageFromEventGridEvent(normalised);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      context.warn(`event grid ${event.id} dropped: ${error.message}`);
      return;
    }
    if (image.kind === "ignored") {
      context.log(`event grid ${event.id} ignored: ${image.reason}`);
      return;
    }
    const accepted = await intake.accept(image, { source: "acr-eventgrid", id: event.id });
    context.log(describeAccepted(accepted, `event grid ${event.id} ${image.repository}:${image.tag}`));
  };
}
