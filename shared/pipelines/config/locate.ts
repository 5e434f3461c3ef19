import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { formatField, type ConfigProblem, type FieldPath } from "./errors.js";

/** Turns a field path into a problem at the line of the deepest node of that path that exists. */
export function problemLocator(file: string, doc: Document, lines: LineCounter) {
  return (path: FieldPath, message: string, options: { atKey?: boolean } = {}): ConfigProblem => {
    const offset = offsetOf(doc.contents, path, options.atKey ?? false) ?? 0;
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, field: formatField(path), message };
  };
}

/** Start offset of the node at `path` (or of its key, for unknown-field errors), else its closest ancestor. */
function offsetOf(root: unknown, path: FieldPath, atKey: boolean): number | undefined {
  let node = root;
  let found = rangeStart(root);
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return found;
      const last = i === path.length - 1;
      // A key with no value (`timeout:`) has no value node: point at the key.
      found = (last && atKey ? rangeStart(pair.key) : rangeStart(pair.value)) ?? rangeStart(pair.key) ?? found;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      node = node.items[part];
      if (node === undefined) return found;
      found = rangeStart(node) ?? found;
    } else {
      return found;
    }
  }
  return found;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}
