/**
 * Time for the local host. Production uses the wall clock; tests use a virtual clock they move
 * forward by hand, so a three-day durable timer fires in microseconds and no test ever sleeps.
 */
export interface Clock {
  now(): number;
  /** Calls `fire` once the clock reaches `at`; returns a cancel function. */
  setTimer(at: number, fire: () => void): () => void;
}

// setTimeout overflows past 2^31-1 ms (about 24.8 days): wake up at most this often and re-check.
const MAX_WAIT_MS = 60 * 60 * 1000;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, fire) {
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      const wait = at - Date.now();
      if (wait <= 0) return fire();
      handle = setTimeout(arm, Math.min(wait, MAX_WAIT_MS));
      handle.unref();
    };
    arm();
    return () => clearTimeout(handle);
  },
};

export class VirtualClock implements Clock {
  #now: number;
  #timers: { at: number; fire: () => void; seq: number }[] = [];
  #seq = 0;

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, fire: () => void): () => void {
    const timer = { at, fire, seq: this.#seq++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward, firing due timers in time order. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(at: number): void {
    if (at < this.#now) throw new Error("A virtual clock never goes backwards.");
    this.#now = at;
    const due = this.#timers.filter((t) => t.at <= at).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.#timers = this.#timers.filter((t) => t.at > at);
    for (const t of due) t.fire();
  }
}
