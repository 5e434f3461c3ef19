/**
 * The pipelines file parsed once per content (issue 13): a burst of promotions, a re-check that
 * finds the branch moved by Baton's own image bumps, or a second door reading the same text all
 * reuse one parse. Keyed by a hash of where the text came from and the text itself; the origin
 * (commit) of the newest read is stamped on the result, so pinned pipelines name the commit they
 * were read at. Failed parses are kept too: a broken file is not re-parsed until it changes.
 */
import { createHash } from "node:crypto";
import type { PipelineTrust } from "../../config/pipelineTrust.js";
import { loadPipelineConfig, type ConfigOrigin, type PipelineConfig } from "../config/load.js";
import { isSourcesOnlyList, parsePipelines } from "../load.js";
import type { Pipeline } from "../types.js";

/** A parsed pipelines file: what ingestion matches against and, for a version 1 file, what promotions pin. */
export interface ParsedPipelines {
  /** Content key: sha256 of the origin path and text. */
  key: string;
  origin: ConfigOrigin;
  pipelines: Pipeline[];
  /** Absent for the sources-only list (BATON_PIPELINES in ingestion-only tests): nothing to pin. */
  config?: PipelineConfig;
}

type Parsed = { ok: Omit<ParsedPipelines, "origin"> } | { error: Error };

const MAX_ENTRIES = 8;
// One cache per trust policy (the operator's settings, read once per process): the same text may
// be valid under one policy and refused under another.
const caches = new WeakMap<PipelineTrust, Map<string, Parsed>>();
let parses = 0;

/** How many times text was actually parsed in this process (benchmarks and tests read it). */
export function pipelineParseCount(): number {
  return parses;
}

/** Parses (or reuses the parse of) the text; throws the loader's error, PipelineConfigError for a bad file. */
export function parsePipelineText(text: string, origin: ConfigOrigin, trust: PipelineTrust, options: { sourcesOnlyAllowed?: boolean } = {}): ParsedPipelines {
  let cache = caches.get(trust);
  if (!cache) {
    cache = new Map<string, Parsed>();
    caches.set(trust, cache);
  }
  const key = createHash("sha256").update(origin.path).update("\0").update(options.sourcesOnlyAllowed ? "s" : "v").update("\0").update(text).digest("hex");
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = parse(key, text, origin, trust, options.sourcesOnlyAllowed === true);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value ?? "");
    cache.set(key, entry);
  }
  if ("error" in entry) throw entry.error;
  const { config } = entry.ok;
  return { ...entry.ok, origin, ...(config ? { config: { origin, pipelines: config.pipelines.map((p) => ({ ...p, origin })) } } : {}) };
}

function parse(key: string, text: string, origin: ConfigOrigin, trust: PipelineTrust, sourcesOnlyAllowed: boolean): Parsed {
  parses++;
  try {
    if (sourcesOnlyAllowed && isSourcesOnlyList(text)) return { ok: { key, pipelines: parsePipelines(text, origin.path) } };
    const config = loadPipelineConfig(text, origin, trust);
    return { ok: { key, pipelines: config.pipelines, config } };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}
