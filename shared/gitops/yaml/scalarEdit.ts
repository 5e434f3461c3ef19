import { isAlias, isScalar } from "yaml";
import type { FieldChange } from "../edit.js";
import { GitOpsError } from "../errors.js";
import { lineOf } from "./documents.js";
import type { TextPatch } from "./patch.js";
import { renderLike, renderNew } from "./scalarText.js";

/** The file being edited: its repository path (for messages) and its original text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A patch plus the change it makes; the patch is absent when the value is already there. */
export interface PlannedEdit {
  patch?: TextPatch;
  change: FieldChange;
}

/** The current string value of a scalar node, or a typed failure saying why it is not one. */
export function scalarValue(node: unknown, file: string, where: string): string | undefined {
  if (isAlias(node)) throw new GitOpsError("unsupported-target", `${file}: ${where} is an alias (*${node.source}); edit the anchored value instead.`);
  if (!isScalar(node)) throw new GitOpsError("unsupported-target", `${file}: ${where} is a map or list, not a single value.`);
  return typeof node.value === "string" ? node.value : undefined;
}

/** Plans replacing exactly the source of one scalar with `value`, keeping its quoting style. */
export function planScalar(source: SourceFile, node: unknown, value: string, where: string): PlannedEdit {
  const current = scalarValue(node, source.path, where);
  if (!isScalar(node) || !node.range) throw new GitOpsError("unsupported-target", `${source.path}: ${where} has no source position.`);
  const [start, end] = node.range;
  const change: FieldChange = { file: source.path, line: lineOf(source.text, start), where, from: current, to: value };
  if (current === value) return { change };
  if (start === end) {
    // An empty value (`tag:`): the key's colon needs a space before the new value.
    const space = source.text[start - 1] === ":" ? " " : "";
    return { change, patch: { start, end, replacement: space + renderNew(value) } };
  }
  return { change, patch: { start, end, replacement: renderLike(node, value, `${source.path}: ${where}`) } };
}
