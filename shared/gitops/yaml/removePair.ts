/**
 * Removes one `key: value` pair from a YAML map, byte-exact elsewhere: in a block map the pair's
 * whole line(s), in a flow map the pair and the comma before it. Used when a field must go,
 * e.g. a Kustomize `digest` when the image to run is named by tag only (otherwise the old digest
 * would keep winning over the new tag).
 */
import { isScalar, type Pair, type YAMLMap } from "yaml";
import { GitOpsError } from "../errors.js";
import { lineOf } from "./documents.js";
import type { PlannedEdit, SourceFile } from "./scalarEdit.js";

export function removePair(source: SourceFile, map: YAMLMap, pair: Pair, where: string): PlannedEdit {
  const key = pair.key;
  const value = pair.value;
  const keyStart = isScalar(key) && key.range ? key.range[0] : undefined;
  const valueEnd = isScalar(value) && value.range ? value.range[1] : undefined;
  if (keyStart === undefined || valueEnd === undefined) throw new GitOpsError("unsupported-target", `${source.path}: cannot remove ${where}, its value is not a plain scalar.`);
  const from = isScalar(value) ? String(value.value) : undefined;
  const change = { file: source.path, line: lineOf(source.text, keyStart), where, from, to: "(removed)" };
  const text = source.text;
  if (map.flow) {
    const comma = text.lastIndexOf(",", keyStart);
    if (comma >= 0 && comma >= (map.range?.[0] ?? 0)) return { change, patch: { start: comma, end: valueEnd, replacement: "" } };
    // The first entry: remove it with the comma and spaces after it (`{newTag: x, name: y}`).
    const next = /^\s*,[ \t]*/.exec(text.slice(valueEnd));
    if (!next) throw new GitOpsError("unsupported-target", `${source.path}: cannot remove ${where}, the only entry of a flow map.`);
    return { change, patch: { start: keyStart, end: valueEnd + next[0].length, replacement: "" } };
  }
  const lineStart = text.lastIndexOf("\n", keyStart - 1) + 1;
  if (text.slice(lineStart, keyStart).trim() !== "") {
    throw new GitOpsError("unsupported-target", `${source.path}: cannot remove ${where}, it shares its line with another key; remove it by hand.`);
  }
  const newline = text.indexOf("\n", valueEnd);
  return { change, patch: { start: lineStart, end: newline < 0 ? text.length : newline + 1, replacement: "" } };
}
