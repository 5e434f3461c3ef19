import type { Pipeline, PipelineLookup, PipelineRefusal } from "../../pipelines/types.js";
import type { ImagePublished } from "../model.js";
import type { PromotionStarter, StartedPromotion } from "../ports.js";
import { promotionInstanceId } from "./instanceId.js";

export interface PromotionOutcome {
  promotions: (StartedPromotion & { pipeline: string })[];
  /** Why pipelines did not take the image (empty promotions: why nothing started). */
  skipped: PipelineRefusal[];
}

export interface ImagePromoter {
  promote(image: ImagePublished): Promise<PromotionOutcome>;
}

/** Starts one promotion per pipeline that wants the image, each under (pipeline, digest). */
export function createImagePromoter(deps: { pipelines: PipelineLookup; starter: PromotionStarter }): ImagePromoter {
  return {
    async promote(image) {
      const { matches, refusals } = deps.pipelines.forImage(image);
      const promotions = await Promise.all(
        matches.map(async (pipeline) => ({
          pipeline: pipeline.name,
          ...(await deps.starter.startIfAbsent(promotionInstanceId(pipeline.name, image.digest), { pipeline: pipeline.name, image: subjectFor(pipeline, image) })),
        })),
      );
      return { promotions, skipped: refusals };
    },
  };
}

/** The promotion's subject: the push as it came, marked a chart when the pipeline promotes charts. */
export function subjectFor(pipeline: Pipeline, image: ImagePublished): ImagePublished {
  return pipeline.source.artifact === "chart" ? { ...image, artifact: "chart" } : image;
}
