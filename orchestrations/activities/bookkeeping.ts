/**
 * Pipeline pinning, holds, the timeline and stage locks: the promotion's bookkeeping. Timeline
 * notes and unsubscriptions ride along with any activity (`keepBooks`, called by the registration
 * before the activity runs), so a stage's way in and way out are one activity each.
 */
import type { ActivityInput, ActivityOutput, Bookkeeping } from "../../shared/durable/activityContracts.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { failed, succeeded } from "../../shared/steps/result.js";
import type { ActivityDeps, RaiseEvent } from "./deps.js";
import { createReadStageImages } from "./stageImages.js";
import { takeStageLock } from "./stageLock.js";

export const pinPipeline =
  (deps: ActivityDeps) =>
  async ({ pipeline }: ActivityInput<"pinPipeline">): Promise<ActivityOutput<"pinPipeline">> => {
    const pinned = await deps.pipelines.pin(pipeline);
    return pinned ? { ...succeeded(pinned), holds: await deps.holds.active(pipeline) } : failed(`pipeline "${pipeline}" is not in the pipeline configuration any more`);
  };

export const activeHolds =
  (deps: ActivityDeps) =>
  ({ pipeline }: ActivityInput<"activeHolds">): Promise<ActivityOutput<"activeHolds">> =>
    deps.holds.active(pipeline);

/**
 * Records what rode along with an activity, around `step`, in as few storage writes and as little
 * waiting as it can; both are idempotent, so a retried step writes nothing twice. A step that
 * writes its own timeline entry (`ownEntry`: the commit) gets the unsubscriptions done first (it
 * may subscribe again) and the notes written in one write with its entry, or when it ends,
 * however it ends. Any other step runs while its books are written beside it.
 */
export async function keepBooks<T>(deps: ActivityDeps, books: Bookkeeping, step: (deps: ActivityDeps) => Promise<T>, ownEntry: boolean): Promise<T> {
  const unsubscribe = (): Promise<unknown> => Promise.all((books.unsubscribe ?? []).map((u) => deps.signals.unsubscribe(u.instanceId, u.wait)));
  if (!ownEntry) {
    const notes = books.notes ?? [];
    const [, result] = await Promise.all([Promise.all([unsubscribe(), notes.length > 0 ? deps.timeline.append(notes) : undefined]), step(deps)]);
    return result;
  }
  await unsubscribe();
  let pending = books.notes ?? [];
  const timeline: ActivityDeps["timeline"] = {
    append: async (entries) => {
      const all = [...pending, ...entries];
      pending = [];
      if (all.length > 0) await deps.timeline.append(all);
    },
  };
  try {
    return await step({ ...deps, timeline });
  } finally {
    if (pending.length > 0) await timeline.append([]);
  }
}

/** Nothing of its own: the registration keeps the books that came with it. */
export const bookkeeping = () => (): Promise<null> => Promise.resolve(null);

/**
 * Takes the stage lock (again, on a retry: the holder's own lock is "acquired"); reads the
 * stage's current images only once the lock is ours, so nobody else is changing them.
 */
export const enterStage = (deps: ActivityDeps, raise: RaiseEvent) => {
  const read = createReadStageImages(deps);
  return async (input: ActivityInput<"enterStage">): Promise<ActivityOutput<"enterStage">> => {
    const { lock } = await takeStageLock(deps, raise, input);
    if (!lock.acquired) return { lock };
    return { lock, ...(input.read ? { current: await read(input.read) } : {}) };
  };
};

/** Releases the lock and wakes every stage queued behind it at once (they race to take it again). */
export const leaveStage =
  (deps: ActivityDeps, raise: RaiseEvent) =>
  async (input: ActivityInput<"leaveStage">): Promise<ActivityOutput<"leaveStage">> => {
    const release = async (): Promise<void> => {
      const waiters = await deps.locks.release(input.lockKey, input.promotionId);
      const at = deps.now().toISOString();
      // A waiter that has finished meanwhile answers "gone"; its stale entry went with the lock row.
      await Promise.all(waiters.map((w) => raise(stageInstanceId(w, input.stage), "lock.released", { lockKey: input.lockKey, by: input.promotionId, at })));
    };
    // Read after the stage is done (beside the release), so the next boundary sees every hold placed before this point.
    const [, holds] = await Promise.all([release(), input.holdsOf === undefined ? undefined : deps.holds.active(input.holdsOf)]);
    return holds === undefined ? null : { holds };
  };
