import { readFile } from "node:fs/promises";
import type { RepositoryRef } from "../config/model.js";
import { loadPipelineConfig, type ConfigOrigin, type PipelineConfig } from "../config/load.js";
import { where } from "./openRepository.js";
import type { RepositoryFiles } from "./repositoryFiles.js";
import type { PipelineSourceSettings } from "./settings.js";

export interface PipelineText {
  text: string;
  origin: ConfigOrigin;
}

export interface ReadConfigDeps {
  /** Opens the repository named by BATON_PIPELINES_REPOSITORY (see openRepositoryFiles). */
  repositoryFiles: (ref: RepositoryRef) => Promise<RepositoryFiles>;
}

/** The pipelines file's text and where it was read; undefined when no source is configured. */
export async function readPipelineText(source: PipelineSourceSettings, deps: ReadConfigDeps): Promise<PipelineText | undefined> {
  if (source.inline !== undefined) return { text: source.inline, origin: { path: "BATON_PIPELINES" } };
  if (source.file !== undefined) {
    const path = source.file;
    const text = await readFile(path, "utf8").catch((cause: unknown) => {
      throw new Error(`cannot read the pipelines file ${path} (BATON_PIPELINES_FILE)`, { cause });
    });
    return { text, origin: { path } };
  }
  if (source.repository === undefined) return undefined;
  const { ref, path } = source.repository;
  const files = await deps.repositoryFiles(ref);
  const found = await files.readFile(ref.branch, path);
  if (!found) throw new Error(`${where(ref)} has no ${path} on branch ${ref.branch}: commit the pipelines file there or set BATON_PIPELINES_PATH`);
  return { text: found.text, origin: { path: `${where(ref)}@${ref.branch}:${path}`, commit: found.commit } };
}

/**
 * Reads and loads the configuration, as the activity that pins a promotion's pipeline does at
 * promotion start. With no source configured there are no pipelines.
 */
export async function readPipelineConfig(source: PipelineSourceSettings, deps: ReadConfigDeps): Promise<PipelineConfig> {
  const read = await readPipelineText(source, deps);
  return read ? loadPipelineConfig(read.text, read.origin, source.trust) : { origin: { path: "(no pipelines configured)" }, pipelines: [] };
}
