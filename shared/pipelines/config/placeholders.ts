import type { FieldPath } from "./errors.js";
import { isPlainObject } from "./merge.js";

/** The names a template may use; anything else in braces is a mistake, except inside regexes. */
export interface PlaceholderValues {
  stage: string;
  pipeline: string;
}

const PLACEHOLDER = /\{([A-Za-z][\w-]*)\}/g;
// Regular expressions use braces for repetition (`\d{3}`): they are left alone.
const VERBATIM_KEYS = new Set(["bodyMatch", "pattern"]);
// A workflow gate's inputs (and an Azure Pipelines gate's templateParameters) may also name what is
// only known when the promotion runs; the gate fills these in at dispatch (shared/gates/workflow/inputs.ts).
const RUNTIME_IN_INPUTS = new Set(["promotionId", "commit"]);
const RUNTIME_FIELDS = new Set(["inputs", "templateParameters"]);

/** Replaces `{stage}` and `{pipeline}` in every string; reports unknown placeholders by field.
 * Substitution changes strings only, so the value keeps its type. */
export function withPlaceholders<T>(value: T, values: PlaceholderValues, unknown: (path: FieldPath, name: string) => void): T {
  return substitutePlaceholders(value, values, unknown, []) as T;
}

function substitutePlaceholders(value: unknown, values: PlaceholderValues, unknown: (path: FieldPath, name: string) => void, path: FieldPath): unknown {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      if (name === "stage" || name === "pipeline") return values[name];
      if (RUNTIME_IN_INPUTS.has(name) && path.some((key) => typeof key === "string" && RUNTIME_FIELDS.has(key))) return whole;
      unknown(path, name);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((item: unknown, i) => substitutePlaceholders(item, values, unknown, [...path, i]));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, VERBATIM_KEYS.has(key) ? item : substitutePlaceholders(item, values, unknown, [...path, key])]),
    );
  }
  return value;
}
