// Hand-written fakes for the ingestion ports (house style 9): plain objects with recorded calls.
import type { SecretSource } from "../../shared/config/secrets.js";
import type { EventName, EventPayloads } from "../../shared/durable/events.js";
import type { PromotionInput } from "../../shared/durable/names.js";
import type { PromotionStarter, SignalSender, StartedPromotion } from "../../shared/ingest/ports.js";
import type { DeliveryLog, FluxReport, FluxRevisionStore, SubscriptionStore } from "../../shared/store/ports.js";
import type { IngestStore } from "../../shared/store/ingestStore.js";

/** Secrets in a map; `rotate` changes what `refresh` returns while `get` still serves the cache. */
export class MemorySecrets implements SecretSource {
  private cache = new Map<string, string | undefined>();
  constructor(private source: Record<string, string | undefined>) {}
  refreshes = 0;
  get(name: string): Promise<string | undefined> {
    if (!this.cache.has(name)) this.cache.set(name, this.source[name]);
    return Promise.resolve(this.cache.get(name));
  }
  refresh(name: string): Promise<string | undefined> {
    this.refreshes++;
    this.cache.set(name, this.source[name]);
    return Promise.resolve(this.source[name]);
  }
  rotate(values: Record<string, string | undefined>): void {
    this.source = { ...this.source, ...values };
  }
}

/** Starts at most one instance per id, like the Durable task hub, and records every call. */
export class FakeStarter implements PromotionStarter {
  readonly instances = new Map<string, PromotionInput>();
  readonly calls: { instanceId: string; status: StartedPromotion["status"] }[] = [];
  startIfAbsent(instanceId: string, input: PromotionInput): Promise<StartedPromotion> {
    const status = this.instances.has(instanceId) ? "exists" : "started";
    if (status === "started") this.instances.set(instanceId, input);
    this.calls.push({ instanceId, status });
    return Promise.resolve({ instanceId, status, statusLocation: `http://baton.test/api/promotions/${instanceId}` });
  }
}

export interface RaisedEvent {
  instanceId: string;
  event: EventName;
  payload: EventPayloads[EventName];
}

export class FakeSender implements SignalSender {
  readonly raised: RaisedEvent[] = [];
  readonly finished = new Set<string>();
  raise<E extends EventName>(instanceId: string, event: E, payload: EventPayloads[E]): Promise<"delivered" | "gone"> {
    if (this.finished.has(instanceId)) return Promise.resolve("gone");
    this.raised.push({ instanceId, event, payload });
    return Promise.resolve("delivered");
  }
}

export class MemoryDeliveryLog implements DeliveryLog {
  readonly seen = new Set<string>();
  hasSeen(source: string, id: string): Promise<boolean> {
    return Promise.resolve(this.seen.has(`${source}/${id}`));
  }
  markSeen(source: string, id: string): Promise<void> {
    this.seen.add(`${source}/${id}`);
    return Promise.resolve();
  }
}

export class MemorySubscriptions implements SubscriptionStore {
  readonly byKey = new Map<string, Set<string>>();
  add(key: string, instanceId: string): Promise<void> {
    this.byKey.set(key, (this.byKey.get(key) ?? new Set()).add(instanceId));
    return Promise.resolve();
  }
  remove(key: string, instanceId: string): Promise<void> {
    this.byKey.get(key)?.delete(instanceId);
    return Promise.resolve();
  }
  waiting(key: string): Promise<string[]> {
    return Promise.resolve([...(this.byKey.get(key) ?? [])]);
  }
}

export class MemoryRevisions implements FluxRevisionStore {
  readonly reports = new Map<string, FluxReport>();
  record(key: string, report: FluxReport): Promise<"recorded" | "stale"> {
    const current = this.reports.get(key);
    if (current && Date.parse(current.reportedAt) > Date.parse(report.reportedAt)) return Promise.resolve("stale");
    this.reports.set(key, report);
    return Promise.resolve("recorded");
  }
  last(key: string): Promise<FluxReport | undefined> {
    return Promise.resolve(this.reports.get(key));
  }
}

export function memoryStore(): IngestStore & { deliveries: MemoryDeliveryLog; subscriptions: MemorySubscriptions; revisions: MemoryRevisions } {
  return { deliveries: new MemoryDeliveryLog(), subscriptions: new MemorySubscriptions(), revisions: new MemoryRevisions() };
}
