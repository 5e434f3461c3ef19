import { usable } from "../../ingest/composition/pipelineDecider.js";
import { createPipelineLookup } from "../../pipelines/lookup.js";
import type { PipelineConfigWatch } from "../../pipelines/source/configWatch.js";
import type { Pipeline } from "../../pipelines/types.js";
import type { PipelineCatalog, PipelineChoice } from "../api/opsDeps.js";

/**
 * The pipelines the ops API knows, from the process's pipelines watch (the configuration ingestion
 * decides with, so a hand start is accepted for the same pipelines and images an event would be).
 * Read only by calls that need it, after authentication; holds never wait for it.
 */
export function watchedCatalog(watch: Pick<PipelineConfigWatch, "current" | "snapshot">): PipelineCatalog {
  let cached: { key: string; choice: PipelineChoice } | undefined;
  return {
    async current() {
      const snapshot = await watch.current();
      const good = usable(snapshot);
      if (!good) {
        const why = snapshot.problem ? snapshot.problem.problems.join("; ") : "it has not been read yet";
        return { unavailable: `the pipelines configuration is not valid (${why}); start the promotion once it is fixed` };
      }
      if (cached?.key !== good.key) cached = { key: good.key, choice: { names: new Set(good.pipelines.map((p) => p.name)), lookup: createPipelineLookup(good.pipelines), stages: new Map(good.pipelines.map((p) => [p.name, stageNames(p)])) } };
      return cached.choice;
    },
    knows(name) {
      const good = usable(watch.snapshot());
      return good ? good.pipelines.some((p) => p.name === name) : undefined;
    },
  };
}

/** A full configuration's pipelines carry their stages; a sources-only list does not. */
function stageNames(pipeline: Pipeline): string[] {
  if (!("stages" in pipeline) || !Array.isArray(pipeline.stages)) return [];
  return pipeline.stages.flatMap((s: unknown) => (typeof s === "object" && s !== null && "name" in s && typeof s.name === "string" ? [s.name] : []));
}
