import { OrchestrationRuntimeStatus, type DurableOrchestrationStatus } from "durable-functions";
import { ORCHESTRATOR } from "../../shared/durable/names.js";
import type { DurableClientPart } from "../../shared/ingest/adapters/durableClientPart.js";

/** A task hub in a map, behaving like durable-functions 3.5 against the extension. */
export class FakeDurableClient implements DurableClientPart {
  readonly statuses = new Map<string, OrchestrationRuntimeStatus>();
  readonly started: { name: string; instanceId?: string; input?: unknown }[] = [];
  readonly raised: { instanceId: string; eventName: string; eventData: unknown }[] = [];
  /** Simulates another request starting the same id between our status check and startNew. */
  raceOnStart = false;

  getStatus = (instanceId: string): Promise<DurableOrchestrationStatus> => {
    const runtimeStatus = this.statuses.get(instanceId);
    if (!runtimeStatus) {
      return Promise.reject(new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. ${instanceId}`));
    }
    const now = new Date();
    return Promise.resolve({ name: ORCHESTRATOR.promotion, instanceId, createdTime: now, lastUpdatedTime: now, input: null, output: null, runtimeStatus });
  };

  startNew = (name: string, options?: { instanceId?: string; input?: unknown }): Promise<string> => {
    const id = options?.instanceId ?? "generated";
    if (this.raceOnStart) this.statuses.set(id, OrchestrationRuntimeStatus.Pending);
    const current = this.statuses.get(id);
    if (current === OrchestrationRuntimeStatus.Pending || current === OrchestrationRuntimeStatus.Running) {
      return Promise.reject(new Error("DurableClient error: the Durable Functions extension replied with an unexpected status code: 409"));
    }
    this.statuses.set(id, OrchestrationRuntimeStatus.Pending);
    this.started.push({ name, ...options });
    return Promise.resolve(id);
  };

  raiseEvent = (instanceId: string, eventName: string, eventData: unknown): Promise<void> => {
    if (!this.statuses.has(instanceId)) return Promise.reject(new Error(`No instance with ID '${instanceId}' found.`));
    this.raised.push({ instanceId, eventName, eventData });
    return Promise.resolve();
  };
}

