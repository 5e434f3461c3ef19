/**
 * What the timeline says about each promotion, folded into one record per promotion: the image,
 * when it was published, and per stage when it committed, was Ready, rolled back and finished.
 * The pipelines view and DORA read these; both work from Baton's own timeline table, which keeps
 * everything, unlike durable history (purged after weeks).
 */
import type { TimelineRecord } from "../timeline/timelineStore.js";

export interface StageHistory {
  name: string;
  committedAt?: string;
  /** The last Flux Ready observation at this stage. */
  readyAt?: string;
  rolledBackAt?: string;
  finished?: { outcome: string; at: string; detail?: string };
}

export interface PromotionHistory {
  promotionId: string;
  pipeline: string;
  /** `registry/repository:tag`. */
  image: string;
  tag: string;
  digest: string;
  /** A bundle's images as its start entry lists them (`member=registry/repository:tag@digest`). */
  bundle?: string[];
  /** When the registry says the image was pushed; the start of its lead time. */
  publishedAt: string;
  startedAt: string;
  /** Stages in the order they started. */
  stages: StageHistory[];
  finished?: { outcome: string; at: string; reason?: string };
}

/** One record per promotion whose start is among the records (entries of others are ignored). */
export function foldHistories(records: readonly TimelineRecord[]): PromotionHistory[] {
  const byId = new Map<string, PromotionHistory>();
  const sorted = [...records].sort((a, b) => a.at.localeCompare(b.at));
  for (const { promotionId, at, entry } of sorted) {
    if (entry.kind === "promotion.started") {
      const tag = entry.tag ?? entry.image.slice(entry.image.lastIndexOf(":") + 1);
      byId.set(promotionId, {
        promotionId,
        pipeline: entry.pipeline,
        image: entry.image,
        tag,
        digest: entry.digest,
        ...(entry.bundle ? { bundle: entry.bundle } : {}),
        publishedAt: entry.publishedAt ?? at,
        startedAt: at,
        stages: [],
      });
      continue;
    }
    const history = byId.get(promotionId);
    if (!history) continue;
    if (entry.kind === "promotion.finished") {
      history.finished = { outcome: entry.outcome, at, ...(entry.reason ? { reason: entry.reason } : {}) };
      continue;
    }
    if (!("stage" in entry) || entry.stage === undefined) continue;
    const stage = stageOf(history, entry.stage);
    switch (entry.kind) {
      case "commit":
        stage.committedAt = at;
        break;
      case "flux.observed":
        if (entry.outcome === "ready") stage.readyAt = at;
        break;
      case "rollback":
        stage.rolledBackAt = at;
        break;
      case "stage.finished":
        stage.finished = { outcome: entry.outcome, at, ...(entry.detail ? { detail: entry.detail } : {}) };
        break;
      default:
        break;
    }
  }
  return [...byId.values()];
}

function stageOf(history: PromotionHistory, name: string): StageHistory {
  let stage = history.stages.find((s) => s.name === name);
  if (!stage) {
    stage = { name };
    history.stages.push(stage);
  }
  return stage;
}

/** When a stage that succeeded became Ready (its last Ready observation, else when it finished). */
export function readyTime(stage: StageHistory): string | undefined {
  if (stage.finished?.outcome !== "succeeded") return undefined;
  return stage.readyAt ?? stage.finished.at;
}
