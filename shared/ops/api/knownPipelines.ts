import type { PipelineCatalog } from "./opsDeps.js";

export interface KnownPipelines {
  names: ReadonlySet<string>;
  stages: ReadonlyMap<string, readonly string[]>;
  /** Set while no valid pipelines configuration is in use: why (read views still answer). */
  unavailable?: string;
}

/**
 * The configured pipelines for the read views (pipelines, DORA). A broken pipelines file must not
 * take them down: they then show what Baton's own records know and say why the rest is missing.
 */
export async function knownPipelines(catalog: PipelineCatalog): Promise<KnownPipelines> {
  const choice = await catalog.current();
  if ("unavailable" in choice) return { names: new Set(), stages: new Map(), unavailable: choice.unavailable };
  return choice;
}
