import type { FieldChange, ImageEdit } from "./edit.js";
import { editText } from "./editFile.js";
import { GitOpsError } from "./errors.js";

/** Reads a file at the commit being edited; undefined when the file does not exist there. */
export type ReadFile = (path: string) => Promise<string | undefined>;

/** New contents of the files that changed, and every value that moved. */
export interface EditedFiles {
  files: Map<string, string>;
  changes: FieldChange[];
}

/** Applies all edits (several may touch one file, in order) to the files of one commit. */
export async function applyEdits(readFile: ReadFile, edits: readonly ImageEdit[]): Promise<EditedFiles> {
  const originals = new Map<string, string>();
  const current = new Map<string, string>();
  const changes: FieldChange[] = [];
  for (const edit of edits) {
    if (!current.has(edit.file)) {
      const text = await readFile(edit.file);
      if (text === undefined) throw new GitOpsError("file-missing", `${edit.file} does not exist on the branch; check the stage's file path.`);
      originals.set(edit.file, text);
      current.set(edit.file, text);
    }
    const result = editText(current.get(edit.file) ?? "", edit);
    current.set(edit.file, result.text);
    changes.push(...result.changes);
  }
  const files = new Map([...current].filter(([path, text]) => originals.get(path) !== text));
  return { files, changes };
}
