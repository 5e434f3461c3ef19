/** Orchestration runtime statuses, named as the Durable HTTP API reports them. */
export type RuntimeStatus =
  | "Pending"
  | "Running"
  | "Completed"
  | "ContinuedAsNew"
  | "Failed"
  | "Canceled"
  | "Terminated"
  | "Suspended";

export const terminalStatuses: ReadonlySet<RuntimeStatus> = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

export function isTerminal(status: RuntimeStatus): boolean {
  return terminalStatuses.has(status);
}

/** One instance as the store keeps it; JSON columns stay text until someone needs the value. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdAt: number;
  updatedAt: number;
  parentInstanceId: string | null;
  parentTaskId: number | null;
  parentExecutionId: string | null;
}
