import type { Actor } from "../actor.js";
import { activeHold, byScope, holdEvent } from "./holdRecords.js";
import { scopeOf, type ActiveHold, type HoldEvent, type HoldScope, type HoldStore } from "./holdStore.js";

/** In-memory HoldStore for tests: same contract as the table adapter. */
export class MemoryHoldStore implements HoldStore {
  readonly #active = new Map<string, ActiveHold>();
  readonly #history: HoldEvent[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  set(scope: HoldScope, actor: Actor, reason: string): Promise<{ hold: ActiveHold; replaced?: ActiveHold }> {
    const at = this.now().toISOString();
    const replaced = this.#active.get(keyOf(scope));
    const hold = activeHold(scope, actor, reason, at);
    this.#active.set(keyOf(scope), hold);
    this.#history.push(holdEvent("set", scope, actor, reason, at));
    return Promise.resolve(replaced ? { hold, replaced } : { hold });
  }

  release(scope: HoldScope, actor: Actor, reason: string): Promise<ActiveHold | undefined> {
    const current = this.#active.get(keyOf(scope));
    if (current) {
      this.#active.delete(keyOf(scope));
      this.#history.push(holdEvent("released", scope, actor, reason, this.now().toISOString()));
    }
    return Promise.resolve(current);
  }

  active(scope: HoldScope): Promise<ActiveHold | undefined> {
    return Promise.resolve(this.#active.get(keyOf(scope)));
  }

  async activeHolds(pipeline: string): Promise<ActiveHold[]> {
    const holds = [await this.active({ scope: "global" }), await this.active({ scope: "pipeline", pipeline })];
    return holds.filter((h): h is ActiveHold => h !== undefined);
  }

  listActive(): Promise<ActiveHold[]> {
    return Promise.resolve([...this.#active.values()].sort(byScope));
  }

  history(scope: HoldScope): Promise<HoldEvent[]> {
    return Promise.resolve(this.#history.filter((e) => keyOf(scopeOf(e)) === keyOf(scope)));
  }
}

function keyOf(scope: HoldScope): string {
  return scope.scope === "global" ? "global" : `pipeline:${scope.pipeline}`;
}
