import type { FieldPath } from "./errors.js";

/** One source of a stage's fields and where in the file it was written. */
export interface Layer {
  value: unknown;
  path: FieldPath;
}

// Objects that replace rather than merge: mixing two auth kinds or two failure policies field
// by field would produce something nobody wrote.
const ATOMIC = new Set(["auth", "observe", "receiver", "onFailure", "target", "tags"]);

/** Deep-merges layers, later ones winning; arrays and ATOMIC objects are replaced whole. */
export function mergeLayers(layers: readonly Layer[]): Record<string, unknown> {
  return layers.reduce<Record<string, unknown>>((merged, layer) => mergeInto(merged, layer.value), {});
}

// A repository is named one way or the other: a stage giving `url` replaces an inherited GitHub
// `repository` (and its apiUrl) instead of clashing with it, and the reverse.
const REPLACES: Record<string, string[]> = { url: ["repository", "apiUrl"], repository: ["url"] };

function mergeInto(base: Record<string, unknown>, over: unknown, at?: string): Record<string, unknown> {
  if (!isPlainObject(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, replaced] of at === "git" ? Object.entries(REPLACES) : []) {
    if (over[key] !== undefined && over[replaced[0] ?? ""] === undefined) for (const r of replaced) delete out[r];
  }
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = !ATOMIC.has(key) && isPlainObject(value) && isPlainObject(current) ? mergeInto(current, value, key) : value;
  }
  return out;
}

/**
 * Where a merged field was written: the highest layer holding the field, else the highest
 * holding its closest ancestor, else `fallback` (the stage itself).
 */
export function sourceOf(layers: readonly Layer[], field: FieldPath, fallback: FieldPath): FieldPath {
  for (let length = field.length; length > 0; length--) {
    const prefix = field.slice(0, length);
    for (const layer of [...layers].reverse()) {
      if (valueAt(layer.value, prefix) !== undefined) return [...layer.path, ...prefix];
    }
  }
  return fallback;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let node = value;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === "number") node = node[part] as unknown;
    else if (isPlainObject(node) && typeof part === "string") node = node[part];
    else return undefined;
  }
  return node;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
