import type { DurableOrchestrationStatus } from "durable-functions";
import type { DurableClientPart } from "./durableClientPart.js";

/**
 * The instance's status, or undefined when there is none. durable-functions 3.5 reports "no such
 * instance" only as an Error whose message mentions the HTTP 404; anything else is rethrown.
 */
export async function statusOf(client: DurableClientPart, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    if (error instanceof Error && /\b404\b/.test(error.message)) return undefined;
    throw error;
  }
}

export async function instanceExists(client: DurableClientPart, instanceId: string): Promise<boolean> {
  return (await statusOf(client, instanceId)) !== undefined;
}
