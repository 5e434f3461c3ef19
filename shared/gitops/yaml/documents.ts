import { parseAllDocuments, type Document } from "yaml";
import { GitOpsError } from "../errors.js";

export type YamlDocument = Document.Parsed;

/**
 * Parses every document of a file. The failsafe schema keeps each scalar as the exact string
 * written, so `1.10` stays `1.10` when compared (the core schema would read the number 1.1).
 */
export function parseDocuments(file: string, text: string): YamlDocument[] {
  const docs = parseAllDocuments(text, { schema: "failsafe", prettyErrors: false });
  if (!Array.isArray(docs)) return []; // an empty stream
  const problem = docs.flatMap((d) => d.errors)[0];
  if (problem) {
    throw new GitOpsError("invalid-yaml", `${file} is not valid YAML (${problem.code} at offset ${problem.pos[0]}): fix the file first.`, {
      cause: problem,
    });
  }
  return docs;
}

/** The line ending the file already uses, so inserted lines match it. */
export function lineEnding(text: string): "\r\n" | "\n" {
  return /\r\n/.test(text) ? "\r\n" : "\n";
}

/** 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
