import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const digestA = `sha256:${"a".repeat(64)}`;
export const digestB = `sha256:${"b".repeat(64)}`;

export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), "utf8");
}

/** The lines that differ between two texts of the same line count, as [lineNumber, before, after]. */
export function lineChanges(before: string, after: string): [number, string, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) throw new Error(`line count changed: ${a.length} -> ${b.length}`);
  return a.flatMap((line, i): [number, string, string][] => (line === b[i] ? [] : [[i + 1, line, b[i] ?? ""]]));
}
