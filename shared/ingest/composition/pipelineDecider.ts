import { createPipelineLookup } from "../../pipelines/lookup.js";
import type { ConfigSnapshot, PipelineConfigWatch } from "../../pipelines/source/configWatch.js";
import type { PipelineLookup } from "../../pipelines/types.js";
import type { PipelineDecider } from "../ports.js";

/** What a pusher is told while images wait: no file details (those are for operators, in health and logs). */
export const KEPT_REASON = "kept for when the pipelines configuration is valid: it is promoted then";

/**
 * Decides images with the watched configuration: the valid one in use, or "wait" while the newest
 * file is invalid (a broken file would decide this image, so it is kept rather than guessed with
 * an older one) or no configuration could be read yet. A source that cannot be reached for a
 * while does not stop intake: the last good configuration decides.
 */
export function watchedPipelines(watch: Pick<PipelineConfigWatch, "current">): PipelineDecider {
  let cached: { key: string; lookup: PipelineLookup } | undefined;
  return {
    async decide() {
      const snapshot = await watch.current();
      const good = usable(snapshot);
      if (!good) return { waiting: KEPT_REASON };
      if (cached?.key !== good.key) cached = { key: good.key, lookup: createPipelineLookup(good.pipelines) };
      return { lookup: cached.lookup };
    },
  };
}

/** The configuration images are decided with now, if any. */
export function usable(snapshot: ConfigSnapshot): ConfigSnapshot["good"] {
  return snapshot.problem?.kind === "invalid" ? undefined : snapshot.good;
}
