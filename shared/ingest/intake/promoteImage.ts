import type { BundleGatherer } from "../../bundles/gather.js";
import type { RegistryInspector } from "../../registry/inspect.js";
import type { Pipeline, PipelineLookup, PipelineRefusal } from "../../pipelines/types.js";
import type { ImagePublished } from "../model.js";
import type { PromotionStarter, StartedPromotion } from "../ports.js";
import { promotionInstanceId } from "./instanceId.js";
import { registryReads, type RegistryRead, type RegistryReads } from "./registryReads.js";

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
  /** Pipelines that could not decide because the registry could not be read (retry later: keep the image). */
  unavailable?: PipelineRefusal[];
}

export interface ImagePromoter {
  promote(image: ImagePublished): Promise<PromotionOutcome>;
}

/**
 * Starts one promotion per pipeline that wants the image, each under (pipeline, digest); a bundle
 * pipeline records the image with its gatherer instead and starts once every image is there.
 */
export function createImagePromoter(deps: { pipelines: PipelineLookup; starter: PromotionStarter; bundles?: BundleGatherer; registry?: RegistryInspector }): ImagePromoter {
  return {
    async promote(pushed) {
      const { matches, refusals } = deps.pipelines.forImage(pushed);
      const outcome: Required<PromotionOutcome> = { promotions: [], skipped: [...refusals], gathering: [], unavailable: [] };
      // Without a registry to ask, every pipeline takes the push as it came (registryReads.ts).
      const reads = deps.registry ? registryReads(deps.registry, pushed) : undefined;
      // One pipeline (the usual case) is awaited alone: Promise.all over one is only garbage.
      if (matches.length === 1) await promoteTo(deps, matches[0]!, pushed, reads, outcome);
      else if (matches.length > 1) await Promise.all(matches.map((pipeline) => promoteTo(deps, pipeline, pushed, reads, outcome)));
      const { promotions, skipped, gathering, unavailable } = outcome;
      const promoted: PromotionOutcome = { promotions, skipped };
      if (gathering.length > 0) promoted.gathering = gathering;
      if (unavailable.length > 0) promoted.unavailable = unavailable;
      return promoted;
    },
  };
}

async function promoteTo(
  deps: { starter: PromotionStarter; bundles?: BundleGatherer },
  pipeline: Pipeline,
  pushed: ImagePublished,
  reads: RegistryReads | undefined,
  outcome: Required<PromotionOutcome>,
): Promise<void> {
  const read: RegistryRead = reads ? await reads.forPipeline(pipeline) : { kind: "ready", image: pushed };
  if (read.kind === "refused") {
    outcome.skipped.push({ pipeline: pipeline.name, reason: read.reason });
    return;
  }
  if (read.kind === "unavailable") {
    outcome.unavailable.push({ pipeline: pipeline.name, reason: read.reason });
    return;
  }
  const image = read.image;
  if (!pipeline.source.bundle) {
    const started = await deps.starter.startIfAbsent(promotionInstanceId(pipeline.name, image.digest), { pipeline: pipeline.name, image: subjectFor(pipeline, image) });
    outcome.promotions.push({ pipeline: pipeline.name, ...started });
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
}

/** The promotion's subject: the push as it came, marked a chart when the pipeline promotes charts. */
export function subjectFor(pipeline: Pipeline, image: ImagePublished): ImagePublished {
  return pipeline.source.artifact === "chart" ? { ...image, artifact: "chart" } : image;
}
