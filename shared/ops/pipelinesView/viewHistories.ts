/**
 * The promotion histories the pipelines view needs, read from the timeline newest first in
 * widening time slices (a day, a week, a month, a quarter, a year, then the rest) instead of the
 * whole table on every call. The answer is the same as from the whole table:
 *
 * - A promotion with an entry in what was read but its start before it is read whole (its own
 *   partition), so each history that is folded is complete.
 * - A stage's version is the promotion Ready there last; its `stage.finished` comes at or after
 *   that Ready, so every promotion Ready at or after a slice's start is among what was read. A
 *   version found Ready inside what was read is therefore the newest of all; a later failure is
 *   after it, so it was read too.
 * - Reading stops once every configured stage of every pipeline has such a version; a pipeline
 *   without configured stages (its stages come from its promotions) or a stage never reached
 *   needs everything, and then the slices go back to the first entry.
 */
import { foldHistories, type PromotionHistory } from "../dora/history.js";
import type { TimelineRecord, TimelineStore } from "../timeline/timelineStore.js";
import { pipelinesView } from "./pipelinesView.js";

const DAY_MS = 86_400_000;
const SLICES_MS = [1, 7, 30, 90, 365].map((days) => days * DAY_MS);

export async function viewHistories(timeline: TimelineStore, pipelines: { names: ReadonlySet<string>; stages: ReadonlyMap<string, readonly string[]> }, now: Date): Promise<PromotionHistory[]> {
  const whole = new Map<string, TimelineRecord[]>();
  // The newest slice has no end: an entry stamped a little ahead of this clock still counts.
  let to: Date | undefined;
  for (let slice = 0; ; slice++) {
    const span = SLICES_MS[slice];
    const from = span === undefined ? undefined : new Date(now.getTime() - span);
    const byPromotion = new Map<string, TimelineRecord[]>();
    for (const record of await timeline.between(from, to)) {
      // A promotion already whole had entries in a newer slice: these are its older ones again.
      if (whole.has(record.promotionId)) continue;
      byPromotion.set(record.promotionId, [...(byPromotion.get(record.promotionId) ?? []), record]);
    }
    await Promise.all(
      [...byPromotion].map(async ([id, records]) => {
        // Started inside the slice: nothing of it is older, so the slice holds all of it.
        const started = records.some((r) => r.entry.kind === "promotion.started");
        whole.set(id, started ? records : await timeline.list(id));
      }),
    );
    const histories = foldHistories([...whole.values()].flat());
    if (from === undefined || settled(histories, pipelines, from)) return histories;
    to = from;
  }
}

/** Whether every configured stage has a version Ready at or after `from`. */
function settled(histories: readonly PromotionHistory[], pipelines: { names: ReadonlySet<string>; stages: ReadonlyMap<string, readonly string[]> }, from: Date): boolean {
  const since = from.toISOString();
  const view = pipelinesView({ names: [...pipelines.names], stages: pipelines.stages, histories, live: [], holds: [] });
  return view.every((p) => (pipelines.stages.get(p.name)?.length ?? 0) > 0 && p.stages.every((s) => s.version !== null && s.version.since >= since));
}
