import type { Pipeline, PipelineLookup, PipelineMatches } from "./types.js";
import { refuseTag } from "./tag-policy.js";

/** A lookup over a fixed list of pipelines (from a file or a setting, see load.ts). */
export function createPipelineLookup(pipelines: readonly Pipeline[]): PipelineLookup {
  return {
    forImage(image): PipelineMatches {
      const registry = image.registry.toLowerCase();
      const repository = image.repository.toLowerCase();
      const watching = pipelines.filter((p) => p.source.registry === registry && p.source.repository === repository);
      if (watching.length === 0) return { matches: [], refusals: [{ pipeline: "*", reason: `no pipeline watches ${registry}/${repository}` }] };
      const result: PipelineMatches = { matches: [], refusals: [] };
      for (const pipeline of watching) {
        const reason = refuseTag(pipeline.source.tags, image.tag);
        if (reason) result.refusals.push({ pipeline: pipeline.name, reason });
        else result.matches.push(pipeline);
      }
      return result;
    },
  };
}
