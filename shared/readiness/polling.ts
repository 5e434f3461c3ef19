/**
 * When to look again while waiting for readiness. Flux delivers events fire-and-forget with no
 * persistence (protocols.md 3.2), so polling is the fallback that also covers a lost event.
 * Pure, so an orchestrator can turn the answer into a durable timer.
 */
export interface PollingPolicy {
  /** First delay: a reconcile usually lands within a minute of the commit. */
  initialMs: number;
  /** Ceiling while no Flux events reach Baton: polling is then the only signal. */
  maxMs: number;
  /** Ceiling while events flow: polling only guards against a lost event. */
  maxWithEventsMs: number;
}

export const DEFAULT_POLLING: PollingPolicy = { initialMs: 30_000, maxMs: 120_000, maxWithEventsMs: 300_000 };

export interface PollingState {
  /** How long this wait has lasted so far (from the orchestration clock). */
  waitedMs: number;
  /** Whether Flux events from this cluster have reached Baton recently. */
  eventsFlowing: boolean;
}

/**
 * The delay before the next poll: `initialMs`, doubling for every `initialMs * 2^n` waited, up to
 * the ceiling for the current event flow. Doubling keeps quick reconciles quick and long waits
 * cheap on ARM and API server quotas.
 */
export function nextPollDelayMs(state: PollingState, policy: PollingPolicy = DEFAULT_POLLING): number {
  if (!(policy.initialMs > 0)) throw new RangeError(`polling initialMs must be positive, got ${policy.initialMs}`);
  const ceiling = state.eventsFlowing ? policy.maxWithEventsMs : policy.maxMs;
  const waited = Math.max(0, state.waitedMs);
  let delay = policy.initialMs;
  while (delay < ceiling && waited >= delay * 2) delay *= 2;
  return Math.min(delay, ceiling);
}
