import { EVENT } from "../../durable/events.js";
import type { FluxReport, FluxRevisionStore, SubscriptionStore } from "../../store/ports.js";
import type { Signal, WorkloadReconciled } from "../model.js";
import type { SignalSender } from "../ports.js";
import { waitFor, waitKey, type WaitFor } from "./waitKeys.js";

export interface RouteOutcome {
  /** Instances the signal was raised on. */
  delivered: string[];
  /** Instances that had finished; their stale waits were removed. */
  gone: string[];
  /** Set when the signal was not routed at all (e.g. Flux still progressing). */
  skipped?: string;
}

export interface SignalRouter {
  route(signal: Signal): Promise<RouteOutcome>;
  /** Registers a wait; for a Flux object also returns its last report, which may already answer it. */
  subscribe(instanceId: string, wait: WaitFor): Promise<FluxReport | undefined>;
  unsubscribe(instanceId: string, wait: WaitFor): Promise<void>;
}

/**
 * Delivers signals as external events to every promotion waiting for them. Both sides write
 * before they read (route: record the report, then list waiters; subscribe: add the wait, then
 * read the last report), so a report racing a new wait is seen by at least one of them.
 */
export function createSignalRouter(deps: { subscriptions: SubscriptionStore; revisions: FluxRevisionStore; sender: SignalSender }): SignalRouter {
  const raiseOn = async (key: string, raise: (instanceId: string) => Promise<"delivered" | "gone">): Promise<RouteOutcome> => {
    const waiting = await deps.subscriptions.waiting(key);
    const results = await Promise.all(waiting.map(async (id) => ({ id, result: await raise(id) })));
    const gone = results.filter((r) => r.result === "gone").map((r) => r.id);
    await Promise.all(gone.map((id) => deps.subscriptions.remove(key, id)));
    return { delivered: results.filter((r) => r.result === "delivered").map((r) => r.id), gone };
  };

  return {
    async route(signal) {
      const key = waitKey(waitFor(signal));
      switch (signal.kind) {
        case "workload.reconciled": {
          if (signal.outcome === "progressing") return { delivered: [], gone: [], skipped: `Flux ${signal.reason} is neither ready nor failed` };
          const report = fluxReport(signal, signal.outcome);
          await deps.revisions.record(key, report);
          const { outcome, ...payload } = report;
          const event = outcome === "ready" ? EVENT.fluxReady : EVENT.fluxFailed;
          return raiseOn(key, (id) => deps.sender.raise(id, event, payload));
        }
        case "workflow.finished": {
          const { kind: _kind, deliveryId: _id, ...payload } = signal;
          return raiseOn(key, (id) => deps.sender.raise(id, EVENT.workflowFinished, payload));
        }
        case "pull_request.closed": {
          const { kind: _kind, deliveryId: _id, ...payload } = signal;
          return raiseOn(key, (id) => deps.sender.raise(id, EVENT.prClosed, payload));
        }
        case "azurePipelines.run.finished": {
          const { kind: _kind, deliveryId: _id, ...payload } = signal;
          return raiseOn(key, (id) => deps.sender.raise(id, EVENT.azurePipelinesRunFinished, payload));
        }
      }
    },
    async subscribe(instanceId, wait) {
      const key = waitKey(wait);
      await deps.subscriptions.add(key, instanceId);
      return wait.on === "flux" ? deps.revisions.last(key) : undefined;
    },
    unsubscribe: (instanceId, wait) => deps.subscriptions.remove(waitKey(wait), instanceId),
  };
}

function fluxReport(signal: WorkloadReconciled, outcome: "ready" | "failed"): FluxReport {
  return {
    outcome,
    cluster: signal.cluster,
    objectKind: signal.objectKind,
    namespace: signal.namespace,
    name: signal.name,
    revision: signal.revision,
    reason: signal.reason,
    message: signal.message,
    reportedAt: signal.reportedAt,
  };
}
