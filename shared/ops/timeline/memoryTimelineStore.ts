import type { TimelineRecord, TimelineStore } from "./timelineStore.js";

/** In-memory TimelineStore for tests and the orchestration's unit tests: same contract as the table. */
export class MemoryTimelineStore implements TimelineStore {
  readonly #byPromotion = new Map<string, { record: TimelineRecord; order: number }[]>();
  #appended = 0;

  append(record: TimelineRecord): Promise<"appended" | "duplicate"> {
    const entries = this.#byPromotion.get(record.promotionId) ?? [];
    if (entries.some((e) => e.record.entryId === record.entryId)) return Promise.resolve("duplicate");
    entries.push({ record: structuredClone(record), order: this.#appended++ });
    this.#byPromotion.set(record.promotionId, entries);
    return Promise.resolve("appended");
  }

  async appendAll(records: readonly TimelineRecord[]): Promise<void> {
    for (const record of records) await this.append(record);
  }

  list(promotionId: string): Promise<TimelineRecord[]> {
    const entries = [...(this.#byPromotion.get(promotionId) ?? [])];
    entries.sort((a, b) => Date.parse(a.record.at) - Date.parse(b.record.at) || a.order - b.order);
    return Promise.resolve(entries.map((e) => structuredClone(e.record)));
  }

  between(from?: Date, to?: Date): Promise<TimelineRecord[]> {
    const inside = (at: number) => (!from || at >= from.getTime()) && (!to || at < to.getTime());
    const entries = [...this.#byPromotion.values()].flat().filter((e) => inside(Date.parse(e.record.at)));
    entries.sort((a, b) => Date.parse(a.record.at) - Date.parse(b.record.at) || a.order - b.order);
    return Promise.resolve(entries.map((e) => structuredClone(e.record)));
  }
}
