import type { SecretSource } from "../../config/secrets.js";

/**
 * Limits re-reads after signature failures to one per secret per interval. Without it, anyone
 * posting badly signed requests would turn each one into a Key Vault read (and get it
 * throttled for everyone); with it, a rotated secret still takes effect within the interval.
 */
export function throttleRefresh(inner: SecretSource, intervalMs: number, now: () => number = Date.now): SecretSource {
  const lastRefresh = new Map<string, number>();
  return {
    get: (name) => inner.get(name),
    refresh(name) {
      const last = lastRefresh.get(name);
      if (last !== undefined && now() - last < intervalMs) return inner.get(name);
      lastRefresh.set(name, now());
      return inner.refresh(name);
    },
  };
}
