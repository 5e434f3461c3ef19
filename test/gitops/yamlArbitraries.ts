// Generators of YAML text in many hand-written styles, with one target value whose exact source
// span is known, so a property can say "the result is the input with only these bytes replaced".
import fc from "fast-check";
import { isPlainSafe } from "../../shared/gitops/yaml/plainSafety.js";

export type Style = "plain" | "double" | "single";

export function render(value: string, style: Style): string {
  if (style === "double" || (style === "plain" && !isPlainSafe(value))) return JSON.stringify(value);
  if (style === "single") return `'${value.replaceAll("'", "''")}'`;
  return value;
}

/** The style a value really has once rendered: a plain value that needs quotes is double-quoted. */
export function effective(value: string, s: Style): Style {
  return s === "plain" && !isPlainSafe(value) ? "double" : s;
}

/** Text after a target value: nothing, spaces, or spaces and a comment. */
export const trailing = fc.constantFrom("", "  ", " # set by hand", "   # keep: 'quoted' #2");

export const style = fc.constantFrom<Style>("plain", "double", "single");

/** Tags: includes YAML 1.1 and 1.2 traps such as `1.10`, `on`, `1_000` that must stay strings. */
export const tag = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/),
  fc.constantFrom("1.10", "true", "010", "1e3", "v1.2.3", "null", "on", "Off", "Y", "no", "1_000", "0b1010", "0o17", "0x1F", "2024-01-02", "NULL"),
);

export const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);

const fillerKey = fc.constantFrom("replicas", "pullPolicy", "name", "enabled", "port", "labels", "url", "note");
const fillerValue = fc.constantFrom("3", "IfNotPresent", '"quoted: yes"', "'single'", "true", "~", "https://example.test/x", "[a, b]", "{k: v}");
const decoration = fc.constantFrom("", "# a comment line", "");

/** Filler map lines at an indentation, with unique keys, comments and blank lines between them. */
export function fillerLines(indent: string): fc.Arbitrary<string[]> {
  return fc
    .uniqueArray(fc.tuple(fillerKey, fillerValue, decoration, fc.boolean()), { selector: ([k]) => k, maxLength: 4 })
    .map((entries) =>
      entries.flatMap(([k, v, deco, blank]) => [...(blank ? [""] : []), ...(deco ? [`${indent}${deco}`] : []), `${indent}${k}: ${v}`]),
    );
}

/** A document built around one target: everything before it, its source, everything after. */
export interface Layout {
  before: string;
  oldSource: string;
  after: string;
}

/** Joins documents with `---`, applies the line ending; the target document is `docs[target]`. */
export function joinDocuments(
  docs: string[][],
  target: { index: number; lineIndex: number; prefix: string; oldSource: string; suffix: string },
  eol: string,
  finalNewline: boolean,
  leadingSeparator: boolean,
): Layout {
  const lines: string[] = [];
  let marker = -1;
  docs.forEach((doc, i) => {
    if (i > 0 || leadingSeparator) lines.push("---");
    doc.forEach((line, j) => {
      if (i === target.index && j === target.lineIndex) marker = lines.length;
      lines.push(line);
    });
  });
  const before = lines.slice(0, marker).map((l) => l + eol).join("") + target.prefix;
  const rest = lines.slice(marker + 1).join(eol);
  const after = target.suffix + (marker + 1 < lines.length ? eol + rest : "") + (finalNewline ? eol : "");
  return { before, oldSource: target.oldSource, after };
}
