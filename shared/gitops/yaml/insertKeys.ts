/**
 * Creates a missing value under an existing map, with any missing parents (argocd-image-updater's
 * "create image.tag under an existing or new parent"), byte-exact elsewhere: block maps get new
 * lines at the map's key indentation, flow maps get `key: value` before their closing brace.
 */
import { isMap, isScalar, visit, type Document, type YAMLMap } from "yaml";
import { GitOpsError } from "../errors.js";
import { lineOf } from "./documents.js";
import { appendLines, columnOf } from "./insertLines.js";
import type { PlannedEdit, SourceFile } from "./scalarEdit.js";
import { renderNew } from "./scalarText.js";

/** The indentation step the document uses for nested block maps (2 when it has none). */
function indentUnit(source: SourceFile, doc: Document): number {
  let unit = 0;
  visit(doc, {
    Pair(_key, pair) {
      const child = pair.value;
      if (unit > 0 || !isMap(child) || child.flow || !isScalar(pair.key) || !pair.key.range) return undefined;
      const first = child.items[0]?.key;
      if (!isScalar(first) || !first.range) return undefined;
      const step = columnOf(source.text, first.range[0]) - columnOf(source.text, pair.key.range[0]);
      if (step > 0) unit = step;
      return unit > 0 ? visit.BREAK : undefined;
    },
  });
  return unit || 2;
}

/** Plans `keys[0]: { keys[1]: ... value }` inside `map`; `where` names the full path for messages. */
export function insertKeys(source: SourceFile, doc: Document, map: YAMLMap, keys: readonly string[], value: string, where: string): PlannedEdit {
  const [first, ...rest] = keys;
  if (first === undefined) throw new Error("insertKeys needs at least one key: this is a bug in Baton.");
  const end = map.range?.[1] ?? source.text.length;
  const change = { file: source.path, line: lineOf(source.text, Math.max(0, end - 1)), where, from: undefined, to: value };
  if (map.flow) {
    const nested = rest.reduceRight((inner, key) => `{${key}: ${inner}}`, renderNew(value));
    const close = source.text.lastIndexOf("}", end);
    const empty = map.items.length === 0;
    return { change, patch: { start: close, end: close, replacement: `${empty ? "" : ", "}${renderKey(first)}: ${nested}` } };
  }
  const firstKey = map.items[0]?.key;
  if (!isScalar(firstKey) || !firstKey.range) {
    throw new GitOpsError("unsupported-target", `${source.path}: cannot add ${where}, its parent is an empty block map; write the key by hand once.`);
  }
  const column = columnOf(source.text, firstKey.range[0]);
  const unit = indentUnit(source, doc);
  const lines = keys.map((key, depth) => `${" ".repeat(column + depth * unit)}${renderKey(key)}:${depth === keys.length - 1 ? ` ${renderNew(value)}` : ""}`);
  return { change, patch: appendLines(source, map, lines) };
}

function renderKey(key: string): string {
  return renderNew(key);
}
