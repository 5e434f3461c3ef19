import { readFile } from "node:fs/promises";
import type { ConfigOrigin } from "../config/load.js";
import type { RepositoryRef } from "../config/model.js";
import { repositoryName as where } from "../../gitops/repositoryCredentials.js";
import type { RepositoryFiles } from "./repositoryFiles.js";
import type { PipelineSourceSettings } from "./settings.js";

export const NO_SOURCE = "(no pipelines configured)";

/** One read of the pipelines source: the text, or "unchanged" when the branch head is the known commit. */
export type TextRead = { changed: false } | { changed: true; text: string; origin: ConfigOrigin };

export interface ConfigTextSource {
  /** How the source is named in messages: never with credentials. */
  name: string;
  /**
   * Reads the text; with `knownCommit`, a repository answers `unchanged` after a ref lookup alone.
   * Undefined when no source is configured (no pipelines).
   */
  read(knownCommit?: string): Promise<TextRead | undefined>;
}

/** The pipelines source named by settings (BATON_PIPELINES, BATON_PIPELINES_FILE or a repository). */
export function configTextSource(source: PipelineSourceSettings, repositoryFiles: (ref: RepositoryRef) => Promise<RepositoryFiles>): ConfigTextSource {
  if (source.inline !== undefined) {
    const text = source.inline;
    return { name: "BATON_PIPELINES", read: () => Promise.resolve({ changed: true, text, origin: { path: "BATON_PIPELINES" } }) };
  }
  if (source.file !== undefined) {
    const path = source.file;
    return {
      name: path,
      async read() {
        const text = await readFile(path, "utf8").catch((cause: unknown) => {
          throw new Error(`cannot read the pipelines file ${path} (BATON_PIPELINES_FILE)`, { cause });
        });
        return { changed: true, text, origin: { path } };
      },
    };
  }
  if (source.repository === undefined) return { name: NO_SOURCE, read: () => Promise.resolve(undefined) };
  const { ref, path } = source.repository;
  const name = `${where(ref)}@${ref.branch}:${path}`;
  return {
    name,
    async read(knownCommit) {
      const files = await repositoryFiles(ref);
      if (knownCommit !== undefined && (await files.headCommit(ref.branch)) === knownCommit) return { changed: false };
      const found = await files.readFile(ref.branch, path);
      if (!found) throw new Error(`${where(ref)} has no ${path} on branch ${ref.branch}: commit the pipelines file there or set BATON_PIPELINES_PATH`);
      return { changed: true, text: found.text, origin: { path: name, commit: found.commit } };
    },
  };
}
