import type { RepositoryRef } from "../config/model.js";
import { configTextSource, NO_SOURCE } from "./configText.js";
import { parsePipelineText, type ParsedPipelines } from "./parsedConfig.js";
import type { RepositoryFiles } from "./repositoryFiles.js";
import type { PipelineSourceSettings } from "./settings.js";

/**
 * One read and parse of the configured pipelines source, outside the process's watch (tools and
 * tests): what the watch would hold after a successful read. Throws what the read or the loader
 * throws (PipelineConfigError for an invalid file). No source configured: no pipelines.
 */
export async function readPipelines(source: PipelineSourceSettings, repositoryFiles: (ref: RepositoryRef) => Promise<RepositoryFiles>): Promise<ParsedPipelines> {
  const read = await configTextSource(source, repositoryFiles).read();
  if (read === undefined || !read.changed) return { key: "none", origin: { path: NO_SOURCE }, pipelines: [], config: { origin: { path: NO_SOURCE }, pipelines: [] } };
  return parsePipelineText(read.text, read.origin, source.trust, { sourcesOnlyAllowed: source.inline !== undefined });
}
