/**
 * Activities the inbox tests hold in flight. The host imports the test app on its own, so the
 * app and the test share this state through globalThis, not through a module instance.
 */
export interface HeldActivities {
  waiting: (() => void)[];
  /** Lets the oldest held activity finish; false when none is held. */
  release(): boolean;
}

export function heldActivities(): HeldActivities {
  const g = globalThis as unknown as { __inboxHeld?: HeldActivities };
  return (g.__inboxHeld ??= {
    waiting: [],
    release() {
      const next = this.waiting.shift();
      next?.();
      return next !== undefined;
    },
  });
}
