import type { TimelineRecord } from "./timelineStore.js";

/**
 * The stages a promotion left running its image: it committed there and did not roll back. For a
 * promotion that failed or was aborted this is what a person must know (Baton does not undo
 * finished stages, and an abort does not roll back).
 */
export function stagesLeftAtImage(timeline: readonly Pick<TimelineRecord, "entry">[]): string[] {
  const stages: string[] = [];
  for (const { entry } of timeline) {
    if (entry.kind === "commit" && entry.changed && !stages.includes(entry.stage)) stages.push(entry.stage);
    if (entry.kind === "rollback" && stages.includes(entry.stage)) stages.splice(stages.indexOf(entry.stage), 1);
  }
  return stages;
}
