import type { PipelineConfig } from "./load.js";
import type { PinnedPipeline } from "./model.js";
import { assertDurablePayload } from "../../durable/payloadLimit.js";

/** The promotion names a pipeline the configuration no longer has (renamed or removed since). */
export class UnknownPipelineError extends Error {
  constructor(
    readonly pipeline: string,
    readonly origin: string,
  ) {
    super(`pipeline "${pipeline}" is not defined in ${origin}: it was renamed or removed after the promotion was requested`);
    this.name = "UnknownPipelineError";
  }
}

/**
 * The pipeline a promotion runs, copied out of the configuration read at its start: stored in
 * the orchestration input, so later edits of the file affect only new promotions.
 */
export function pinPipeline(config: PipelineConfig, name: string): PinnedPipeline {
  const pipeline = config.pipelines.find((p) => p.name === name);
  if (!pipeline) throw new UnknownPipelineError(name, config.origin.path);
  // It travels in the orchestration's history: keep it within one durable payload.
  return assertDurablePayload(structuredClone(pipeline), `pipeline "${name}" in ${config.origin.path}`);
}
