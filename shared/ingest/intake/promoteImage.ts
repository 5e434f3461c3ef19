import type { BundleGatherer } from "../../bundles/gather.js";
import type { Pipeline, PipelineLookup, PipelineRefusal } from "../../pipelines/types.js";
import type { ImagePublished } from "../model.js";
import type { PromotionStarter, StartedPromotion } from "../ports.js";
import { promotionInstanceId } from "./instanceId.js";

/** A bundle that took the image and still waits for others (docs/bundles.md). */
export interface BundleWaiting {
  pipeline: string;
  bundle: string;
  arrived: string[];
  missing: string[];
}

export interface PromotionOutcome {
  promotions: (StartedPromotion & { pipeline: string })[];
  /** Why pipelines did not take the image (empty promotions: why nothing started). */
  skipped: PipelineRefusal[];
  /** Bundle pipelines that recorded the image and wait for the rest of their images. */
  gathering?: BundleWaiting[];
}

export interface ImagePromoter {
  promote(image: ImagePublished): Promise<PromotionOutcome>;
}

/**
 * Starts one promotion per pipeline that wants the image, each under (pipeline, digest); a bundle
 * pipeline records the image with its gatherer instead and starts once every image is there.
 */
export function createImagePromoter(deps: { pipelines: PipelineLookup; starter: PromotionStarter; bundles?: BundleGatherer }): ImagePromoter {
  return {
    async promote(image) {
      const { matches, refusals } = deps.pipelines.forImage(image);
      const outcome: Required<PromotionOutcome> = { promotions: [], skipped: [...refusals], gathering: [] };
      await Promise.all(
        matches.map(async (pipeline) => {
          if (!pipeline.source.bundle) {
            outcome.promotions.push({ pipeline: pipeline.name, ...(await deps.starter.startIfAbsent(promotionInstanceId(pipeline.name, image.digest), { pipeline: pipeline.name, image: subjectFor(pipeline, image) })) });
            return;
          }
          if (!deps.bundles) {
            outcome.skipped.push({ pipeline: pipeline.name, reason: "a bundle pipeline, and this door keeps no bundle arrivals" });
            return;
          }
          const gathered = await deps.bundles.gather(pipeline, image);
          if (gathered.kind === "refused") outcome.skipped.push({ pipeline: pipeline.name, reason: gathered.reason });
          else if (gathered.kind === "waiting") outcome.gathering.push({ pipeline: pipeline.name, bundle: gathered.bundle, arrived: gathered.arrived, missing: gathered.missing });
          else outcome.promotions.push({ pipeline: pipeline.name, ...(await deps.starter.startIfAbsent(gathered.instanceId, gathered.input)) });
        }),
      );
      return outcome.gathering.length > 0 ? outcome : { promotions: outcome.promotions, skipped: outcome.skipped };
    },
  };
}

/** The promotion's subject: the push as it came, marked a chart when the pipeline promotes charts. */
export function subjectFor(pipeline: Pipeline, image: ImagePublished): ImagePublished {
  return pipeline.source.artifact === "chart" ? { ...image, artifact: "chart" } : image;
}
