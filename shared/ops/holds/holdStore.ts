/**
 * "Stop the line": a global hold and per-pipeline holds. Promotions look at them at every stage
 * boundary (the `activeHolds` activity) and wait while any is active; people set and release
 * them through the ops API. Every set and release is kept as history with who, why and when.
 */
import type { Hold } from "../../durable/activityContracts.js";
import type { Actor } from "../actor.js";

export type HoldScope = { scope: "global" } | { scope: "pipeline"; pipeline: string };

/** An active hold: the orchestration's `Hold` (by = display string) plus the full actor. */
export interface ActiveHold extends Hold {
  actor: Actor;
}

export interface HoldEvent {
  event: "set" | "released";
  scope: HoldScope["scope"];
  pipeline?: string;
  actor: Actor;
  reason: string;
  at: string;
}

export interface HoldStore {
  /** Sets the hold, replacing an active one's reason and setter; returns the hold it replaced. */
  set(scope: HoldScope, actor: Actor, reason: string): Promise<{ hold: ActiveHold; replaced?: ActiveHold }>;
  /** Releases the hold; undefined when none was active. */
  release(scope: HoldScope, actor: Actor, reason: string): Promise<ActiveHold | undefined>;
  active(scope: HoldScope): Promise<ActiveHold | undefined>;
  /** The holds that stop this pipeline now: the global one first, then the pipeline's. */
  activeHolds(pipeline: string): Promise<ActiveHold[]>;
  /** Every active hold (global first, then pipelines by name). */
  listActive(): Promise<ActiveHold[]>;
  /** Sets and releases of this scope, oldest first. */
  history(scope: HoldScope): Promise<HoldEvent[]>;
}

export const GLOBAL: HoldScope = { scope: "global" };

export function scopeOf(hold: Pick<Hold, "scope" | "pipeline">): HoldScope {
  return hold.scope === "pipeline" && hold.pipeline ? { scope: "pipeline", pipeline: hold.pipeline } : GLOBAL;
}

export function describeScope(scope: HoldScope): string {
  return scope.scope === "global" ? "global" : `pipeline ${scope.pipeline}`;
}
