import type { YAMLMap, YAMLSeq } from "yaml";
import { lineEnding } from "./documents.js";
import type { TextPatch } from "./patch.js";
import type { SourceFile } from "./scalarEdit.js";

/** Column of an offset: how far it is from the start of its line. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/**
 * Inserts whole lines at the end of a block collection. Block nodes end just after their last
 * newline; a file without a final newline gets one before the new lines, none after.
 */
export function appendLines(source: SourceFile, node: YAMLMap | YAMLSeq, lines: string[]): TextPatch {
  const eol = lineEnding(source.text);
  const end = node.range?.[1] ?? source.text.length;
  const endsWithNewline = source.text[end - 1] === "\n";
  const body = lines.join(eol);
  return endsWithNewline ? { start: end, end, replacement: body + eol } : { start: end, end, replacement: eol + body };
}
