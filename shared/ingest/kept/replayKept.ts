import type { BundleGatherer } from "../../bundles/gather.js";
import type { RegistryInspector } from "../../registry/inspect.js";
import { createImagePromoter } from "../intake/promoteImage.js";
import type { PipelineDecider, PromotionStarter } from "../ports.js";
import type { KeptImageStore } from "./keptImages.js";

export interface ReplayDeps {
  kept: KeptImageStore;
  pipelines: PipelineDecider;
  starter: PromotionStarter;
  log: (message: string) => void;
  bundles?: BundleGatherer;
  registry?: RegistryInspector;
}

/**
 * Once a valid configuration decides again, each kept image is promoted exactly as if it arrived
 * now (one promotion per pipeline under its deterministic id, so a replay twice starts nothing
 * twice), then removed. Oldest first; an image no pipeline takes is logged and removed too; one
 * whose registry still cannot be read (registryReads.ts) stays kept. Returns how many were decided.
 */
export async function replayKeptImages(deps: ReplayDeps): Promise<number> {
  const decided = await deps.pipelines.decide();
  if ("waiting" in decided) return 0;
  const kept = await deps.kept.list();
  const promoter = createImagePromoter({ pipelines: decided.lookup, starter: deps.starter, ...(deps.bundles ? { bundles: deps.bundles } : {}), ...(deps.registry ? { registry: deps.registry } : {}) });
  let decidedCount = 0;
  for (const { image, keptAt } of kept) {
    const { promotions, skipped, gathering = [], unavailable } = await promoter.promote(image);
    const what = `kept image ${image.registry}/${image.repository}:${image.tag} (${image.source} ${image.deliveryId}, kept ${keptAt})`;
    if (unavailable) {
      // Still cannot be decided (the registry is still out of reach): it stays kept for the next tick.
      deps.log(`${what}: still kept: ${unavailable.map((u) => `${u.pipeline}: ${u.reason}`).join("; ")}`);
      continue;
    }
    deps.log(
      gathering.length > 0
        ? `${what}: bundle ${gathering.map((g) => `${g.pipeline} ${g.bundle} waits for ${g.missing.join(", ")}`).join("; ")}`
        : promotions.length > 0
        ? `${what}: promotions ${promotions.map((p) => `${p.instanceId} (${p.status})`).join(", ")}`
        : `${what}: not promoted: ${skipped.map((s) => `${s.pipeline}: ${s.reason}`).join("; ")}`,
    );
    await deps.kept.remove(image);
    decidedCount += 1;
  }
  return decidedCount;
}
