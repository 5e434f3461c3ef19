import type { DurableClientPart } from "./durableClientPart.js";
import type { EventName, EventPayloads } from "../../durable/events.js";
import type { SignalSender } from "../ports.js";
import { statusOf } from "./instanceStatus.js";

const finished = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

/**
 * SignalSender over the Durable client. raiseEvent resolves even on 410 Gone, so whether the
 * instance can still receive the event is read from its status first.
 */
export function createDurableSignalSender(client: DurableClientPart): SignalSender {
  return {
    async raise<E extends EventName>(instanceId: string, event: E, payload: EventPayloads[E]) {
      const status = await statusOf(client, instanceId);
      if (!status || finished.has(String(status.runtimeStatus))) return "gone";
      try {
        await client.raiseEvent(instanceId, event, payload);
        return "delivered";
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("No instance with ID")) return "gone";
        throw new Error(`cannot raise ${event} on ${instanceId}`, { cause: error });
      }
    },
  };
}
