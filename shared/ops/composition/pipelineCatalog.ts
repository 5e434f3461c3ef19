import { tmpdir } from "node:os";
import http from "isomorphic-git/http/node";
import type { SecretSource } from "../../config/secrets.js";
import type { IngestSettings } from "../../ingest/settings.js";
import { createPipelineLookup } from "../../pipelines/lookup.js";
import { readIngestPipelines } from "../../pipelines/source/ingestPipelines.js";
import { openRepositoryFiles } from "../../pipelines/source/openRepository.js";
import type { Pipeline } from "../../pipelines/types.js";
import type { PipelineCatalog } from "../api/opsDeps.js";

/**
 * The pipelines from the configured source, read exactly as ingestion reads them (so a hand start
 * is accepted for the same pipelines and images an event would be), once per process.
 */
export async function loadPipelineCatalog(settings: Pick<IngestSettings, "pipelines">, secrets: SecretSource): Promise<PipelineCatalog> {
  const repositoryFiles = (ref: Parameters<typeof openRepositoryFiles>[0]) => openRepositoryFiles(ref, { secrets, http, scratchRoot: tmpdir() });
  const pipelines = await readIngestPipelines(settings.pipelines, { repositoryFiles });
  return { names: new Set(pipelines.map((p) => p.name)), lookup: createPipelineLookup(pipelines), stages: new Map(pipelines.map((p) => [p.name, stageNames(p)])) };
}

/** A full configuration's pipelines carry their stages; a sources-only list does not. */
function stageNames(pipeline: Pipeline): string[] {
  if (!("stages" in pipeline) || !Array.isArray(pipeline.stages)) return [];
  return pipeline.stages.flatMap((s: unknown) => (typeof s === "object" && s !== null && "name" in s && typeof s.name === "string" ? [s.name] : []));
}
