import type { PipelineConfig } from "./config/load.js";
import type { PinnedPipeline } from "./config/model.js";
import type { Pipeline, PipelineLookup, PipelineMatches } from "./types.js";
import { refuseChartPush } from "./chartPush.js";
import { refuseTag } from "./tagPolicy.js";

/** A lookup over a fixed list of pipelines: the loaded configuration's, or a test's. */
export function createPipelineLookup<P extends Pipeline>(pipelines: readonly P[]): PipelineLookup<P> {
  return {
    forImage(image): PipelineMatches<P> {
      const registry = image.registry.toLowerCase();
      const repository = image.repository.toLowerCase();
      const watching = pipelines.filter(
        (p) =>
          (p.source.registry === registry && p.source.repository === repository) ||
          (p.source.bundle?.members.some((m) => m.registry === registry && m.repository === repository) ?? false),
      );
      if (watching.length === 0) return { matches: [], refusals: [{ pipeline: "*", reason: `no pipeline watches ${registry}/${repository}` }] };
      const result: PipelineMatches<P> = { matches: [], refusals: [] };
      for (const pipeline of watching) {
        const reason = pipeline.source.artifact === "chart" ? refuseChartPush(pipeline.source.tags, image) : refuseTag(pipeline.source.tags, image.tag);
        if (reason) result.refusals.push({ pipeline: pipeline.name, reason });
        else result.matches.push(pipeline);
      }
      return result;
    },
  };
}

/** The lookup over a loaded pipelines file (loadPipelineConfig). */
export function createConfigLookup(config: PipelineConfig): PipelineLookup<PinnedPipeline> {
  return createPipelineLookup(config.pipelines);
}
