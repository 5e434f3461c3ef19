/**
 * Every pipeline at a glance: its stages in order, which version runs at each since when (the last
 * promotion Ready there, from the timeline), the promotions in flight with their step and what
 * they wait for, and the holds that stop the line.
 */
import { readyTime, type PromotionHistory } from "../dora/history.js";
import type { PromotionSummary } from "../durable/promotionView.js";
import type { ActiveHold } from "../holds/holdStore.js";
import { parseBundleImages, type BundleImageView } from "../bundleImages.js";

export interface StageVersion {
  tag: string;
  digest: string;
  image: string;
  promotionId: string;
  /** A bundle's images, every one of them (the primary first). */
  bundle?: BundleImageView[];
  /** When it became Ready at this stage. */
  since: string;
}

export interface StageView {
  name: string;
  version: StageVersion | null;
  /** A later promotion failed here and rolled back to `version`. */
  lastFailure: { promotionId: string; tag: string; at: string; rolledBack: boolean; detail?: string } | null;
}

export interface PipelineView {
  name: string;
  stages: StageView[];
  inFlight: PromotionSummary[];
  /** Holds that stop this pipeline now (global first). */
  holds: ActiveHold[];
}

export function pipelinesView(input: {
  names: readonly string[];
  stages: ReadonlyMap<string, readonly string[]>;
  histories: readonly PromotionHistory[];
  live: readonly PromotionSummary[];
  holds: readonly ActiveHold[];
}): PipelineView[] {
  return [...input.names].sort().map((name) => {
    const mine = input.histories.filter((h) => h.pipeline === name);
    // A sources-only configuration names no stages: show those the promotions went through.
    const configured = input.stages.get(name) ?? [];
    const stageNames = configured.length > 0 ? configured : [...new Set(mine.flatMap((h) => h.stages.map((s) => s.name)))];
    return {
      name,
      stages: stageNames.map((stage) => stageView(stage, mine)),
      inFlight: input.live.filter((p) => p.pipeline === name),
      holds: input.holds.filter((h) => h.scope === "global" || h.pipeline === name),
    };
  });
}

function stageView(stage: string, histories: readonly PromotionHistory[]): StageView {
  let version: StageVersion | null = null;
  let lastFailure: StageView["lastFailure"] = null;
  for (const h of histories) {
    const s = h.stages.find((x) => x.name === stage);
    if (!s) continue;
    const ready = readyTime(s);
    if (ready && (!version || ready > version.since)) {
      const bundle = parseBundleImages(h.bundle);
      version = { tag: h.tag, digest: h.digest, image: h.image, promotionId: h.promotionId, ...(bundle ? { bundle } : {}), since: ready };
    }
    if (s.finished?.outcome === "failed" && s.committedAt && (!lastFailure || s.finished.at > lastFailure.at)) {
      lastFailure = { promotionId: h.promotionId, tag: h.tag, at: s.finished.at, rolledBack: s.rolledBackAt !== undefined, ...(s.finished.detail ? { detail: s.finished.detail } : {}) };
    }
  }
  // Only a failure after the version went live is news.
  return { name: stage, version, lastFailure: lastFailure && (!version || lastFailure.at > version.since) ? lastFailure : null };
}
