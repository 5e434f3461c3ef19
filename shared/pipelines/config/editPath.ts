/**
 * Edit paths are repository paths written by whoever commits the pipelines file (issue 10 point
 * 11): one canonical spelling per file, inside the work tree, never git's own metadata. A path
 * two spellings can reach would also let two pipelines claim one file without noticing.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `file` is not a plain repository path, or undefined when it is. */
export function editPathProblem(file: string): string | undefined {
  if (CONTROL.test(file)) return "expected a repository path without control characters (NUL, newline, tab)";
  if (file.includes("\\")) return "expected / between path segments, not a backslash";
  if (file.startsWith("/") || /^[A-Za-z]:/.test(file)) return "expected a path relative to the repository root, not an absolute path";
  const segments = file.split("/");
  if (segments.some((s) => s === "")) return "expected no empty path segments (a leading, trailing or doubled /)";
  if (segments.some((s) => s === "." || s === "..")) return "expected a path without . or .. segments";
  if (segments.some((s) => s.toLowerCase() === ".git")) return "expected a path outside .git: Baton edits work-tree files, never git's own";
  if (file.length > 4096) return "expected a path of at most 4096 characters";
  return undefined;
}
