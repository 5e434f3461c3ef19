import type { DurableClient, DurableOrchestrationStatus } from "durable-functions";

/** The part of DurableClient the ops API uses: small enough for a hand-written fake. */
export type OpsDurableClient = Pick<DurableClient, "getStatus" | "getStatusBy" | "startNew" | "raiseEvent" | "suspend" | "resume">;

/** Runtime statuses as strings: getStatusBy returns raw JSON, whatever the typings say. */
export type RuntimeStatusName = "Pending" | "Running" | "Completed" | "ContinuedAsNew" | "Failed" | "Canceled" | "Terminated" | "Suspended";

export const RUNTIME_STATUSES: readonly RuntimeStatusName[] = ["Pending", "Running", "Completed", "ContinuedAsNew", "Failed", "Canceled", "Terminated", "Suspended"];

const finished: ReadonlySet<string> = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

/** Whether the instance can still receive events (raiseEvent resolves silently on finished ones). */
export function isLive(status: DurableOrchestrationStatus): boolean {
  return !finished.has(String(status.runtimeStatus));
}

/** The instance's status with its input, or undefined when there is no such instance. */
export async function readStatus(client: OpsDurableClient, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId, { showInput: true });
  } catch (error) {
    // durable-functions 3.5 reports "no such instance" only as an Error mentioning HTTP 404
    // (the same rule as ingestion's statusOf, which cannot ask for the input).
    if (error instanceof Error && /\b404\b/.test(error.message)) return undefined;
    throw new Error(`cannot read the status of ${instanceId}`, { cause: error });
  }
}
