import { GitOpsError } from "./errors.js";

/** Bounded retries of a compare-and-swap, with full jitter so racing writers spread out. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseDelayMs: 50, maxDelayMs: 2_000 };

/** Time and randomness, injected so tests neither sleep nor depend on chance. */
export interface RetryTiming {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realTiming: RetryTiming = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** What one attempt ended with: done, or lost the race (someone else moved the branch). */
export type Attempt<T> = { done: T } | { lostRace: string };

/**
 * Runs `attempt` until it is done or the attempts are used up. Exhaustion is a retryable
 * `conflict`: the activity's own retry starts over from a fresh read.
 */
export async function retryOnLostRace<T>(policy: RetryPolicy, timing: RetryTiming, what: string, attempt: (n: number) => Promise<Attempt<T>>): Promise<T> {
  let last = "";
  for (let n = 1; n <= policy.attempts; n++) {
    const outcome = await attempt(n);
    if ("done" in outcome) return outcome.done;
    last = outcome.lostRace;
    if (n < policy.attempts) await timing.sleep(timing.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)));
  }
  throw new GitOpsError("conflict", `${what}: lost the race ${policy.attempts} times (last: ${last}); another writer keeps moving the branch.`);
}
