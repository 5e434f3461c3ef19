import { describeActor, type Actor } from "../actor.js";
import type { ActiveHold, HoldEvent, HoldScope } from "./holdStore.js";

/** Builds the records both HoldStore implementations keep, so they cannot disagree on shape. */
export function activeHold(scope: HoldScope, actor: Actor, reason: string, at: string): ActiveHold {
  return { ...scopeFields(scope), by: describeActor(actor), actor, reason, at };
}

export function holdEvent(event: HoldEvent["event"], scope: HoldScope, actor: Actor, reason: string, at: string): HoldEvent {
  return { event, ...scopeFields(scope), actor, reason, at };
}

function scopeFields(scope: HoldScope): { scope: HoldScope["scope"]; pipeline?: string } {
  return scope.scope === "global" ? { scope: "global" } : { scope: "pipeline", pipeline: scope.pipeline };
}

/** Global first, then pipelines by name: the order people expect to read them in. */
export function byScope(a: ActiveHold, b: ActiveHold): number {
  if (a.scope !== b.scope) return a.scope === "global" ? -1 : 1;
  return (a.pipeline ?? "").localeCompare(b.pipeline ?? "");
}
