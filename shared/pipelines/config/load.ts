import { LineCounter, parseDocument } from "yaml";
import type { PipelineTrust } from "../../config/pipelineTrust.js";
import { PipelineConfigError, type ConfigProblem, type FieldPath } from "./errors.js";
import { expandPipelines } from "./expand.js";
import { pipelinesFileSchema } from "./fileSchema.js";
import { problemLocator } from "./locate.js";
import { isPlainObject } from "./merge.js";
import type { PinnedPipeline } from "./model.js";
import { inlineSecretMessage, isInlineSecretKey } from "./secretNames.js";
import { plainIssues, type PlainIssue } from "./zodIssues.js";

/** Where the text was read: a file path or `owner/repo@branch:path`, and the commit when known. */
export type ConfigOrigin = PinnedPipeline["origin"];

const MAX_SYNTAX_ERRORS = 3;

export interface PipelineConfig {
  origin: ConfigOrigin;
  pipelines: PinnedPipeline[];
}

/**
 * Parses and validates a pipelines file (YAML or JSON, version 1) and expands it into complete,
 * pinned pipelines. Throws PipelineConfigError listing every problem with file:line:column.
 * `trust` (the operator's settings) bounds which secrets and hosts the file may name.
 */
export function loadPipelineConfig(text: string, origin: ConfigOrigin, trust: PipelineTrust): PipelineConfig {
  const lines = new LineCounter();
  // prettyErrors off: the pretty form quotes source lines, and a source line may hold a secret.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = problemLocator(origin.path, doc, lines);
  if (doc.errors.length > 0) {
    // One syntax slip cascades into dozens of follow-on errors: the first few locate it.
    const problems = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e): ConfigProblem => {
      const { line, col } = lines.linePos(e.pos[0]);
      return { file: origin.path, line, column: col, field: "", message: `YAML syntax: ${e.message.split("\n")[0] ?? e.code}` };
    });
    throw new PipelineConfigError(origin.path, problems, { cause: doc.errors[0] });
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = pipelinesFileSchema.safeParse(raw);
  const issues = [...inlineSecretKeys(raw), ...(parsed.success ? [] : plainIssues(parsed.error.issues))];
  if (!parsed.success || issues.length > 0) fail(origin.path, issues, locate, parsed.error);
  const { pipelines, issues: expansionIssues } = expandPipelines(parsed.data, origin, trust);
  if (expansionIssues.length > 0) fail(origin.path, expansionIssues, locate);
  return { origin, pipelines };
}

function fail(file: string, issues: PlainIssue[], locate: ReturnType<typeof problemLocator>, cause?: unknown): never {
  const seen = new Set<string>();
  const problems = issues
    .map((i) => locate(i.path, i.message, { atKey: i.atKey ?? false }))
    .filter((p) => {
      const key = `${p.line}:${p.column}:${p.field}:${p.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
  throw new PipelineConfigError(file, problems, cause === undefined ? undefined : { cause });
}

/** Secret-looking keys anywhere, including inside edit targets whose extra keys zod ignores. */
function inlineSecretKeys(value: unknown, path: FieldPath = []): PlainIssue[] {
  if (Array.isArray(value)) return value.flatMap((item: unknown, i) => inlineSecretKeys(item, [...path, i]));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(isInlineSecretKey(key) ? [{ path: [...path, key], message: inlineSecretMessage(key), atKey: true }] : []),
    ...inlineSecretKeys(item, [...path, key]),
  ]);
}
