import { loadPipelineConfig } from "../config/load.js";
import { isSourcesOnlyList, parsePipelines } from "../load.js";
import type { Pipeline } from "../types.js";
import { readPipelineText, type ReadConfigDeps } from "./readConfig.js";
import type { PipelineSourceSettings } from "./settings.js";

/**
 * The pipelines ingestion matches images against, from the configured source. The whole file is
 * validated here too, so a broken file shows at the door rather than at promotion start.
 */
export async function readIngestPipelines(source: PipelineSourceSettings, deps: ReadConfigDeps): Promise<Pipeline[]> {
  const read = await readPipelineText(source, deps);
  if (!read) return [];
  if (source.inline !== undefined && isSourcesOnlyList(read.text)) return parsePipelines(read.text, "BATON_PIPELINES");
  return loadPipelineConfig(read.text, read.origin, source.trust).pipelines;
}
