/**
 * A promotion's timeline: what happened to it, in order. The promotion orchestration appends
 * with its activities (timeline entries ride along with them; entry types in shared/durable/timeline.ts); the ops API
 * appends what the orchestration cannot see (pause and resume) and reads it back.
 */
import type { TimelineInput } from "../../durable/timeline.js";

export type TimelineRecord = TimelineInput;

export interface TimelineStore {
  /**
   * Appends unless an entry with this `entryId` exists for the promotion, so a retried activity
   * never writes twice (even if it computed a different `at`).
   */
  append(record: TimelineRecord): Promise<"appended" | "duplicate">;
  /**
   * Appends several entries, in order, with the same rule per entry; one write per promotion
   * where the store can (an activity's notes are one storage request, not one each).
   */
  appendAll(records: readonly TimelineRecord[]): Promise<void>;
  /** The promotion's entries ordered by `at`, then by when they were appended. */
  list(promotionId: string): Promise<TimelineRecord[]>;
  /**
   * Every promotion's entries with `from <= at < to` (no bounds: all), ordered by `at`. A scan
   * across promotions for the pipelines view and DORA: Baton's own long-lived record, unlike
   * durable history, which the platform purges.
   */
  between(from?: Date, to?: Date): Promise<TimelineRecord[]>;
}
