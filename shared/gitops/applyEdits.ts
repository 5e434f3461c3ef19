import { chartVersion } from "./chartVersion.js";
import { lockPathFor, syncChartLock } from "./chartLock.js";
import type { FieldChange, ImageEdit } from "./edit.js";
import { editText, readImage } from "./editFile.js";
import { findDependency } from "./editors/chartDependency.js";
import { GitOpsError, isGitOpsError } from "./errors.js";
import type { ObservedImage } from "./imageRef.js";
import { parseDocuments } from "./yaml/documents.js";

/** Reads a file at the commit being edited; undefined when the file does not exist there. */
export type ReadFile = (path: string) => Promise<string | undefined>;

/** New contents of the files that changed, and every value that moved. */
export interface EditedFiles {
  files: Map<string, string>;
  changes: FieldChange[];
  /**
   * Per edit (same order), what its file said about the image before this commit: the version
   * the stage ran, read from the very text the commit is built on (no separate read, so nothing
   * can land in between). Undefined where the file had no such entry yet.
   */
  before: (ObservedImage | undefined)[];
}

/** Applies all edits (several may touch one file, in order) to the files of one commit. */
export async function applyEdits(readFile: ReadFile, edits: readonly ImageEdit[]): Promise<EditedFiles> {
  const originals = new Map<string, string>();
  const current = new Map<string, string>();
  const changes: FieldChange[] = [];
  const observed: (ObservedImage | undefined)[] = [];
  for (const edit of edits) {
    if (!current.has(edit.file)) {
      const text = await readFile(edit.file);
      if (text === undefined) throw new GitOpsError("file-missing", `${edit.file} does not exist on the branch; check the stage's file path.`);
      originals.set(edit.file, text);
      current.set(edit.file, text);
    }
    observed.push(observeBefore(originals.get(edit.file) ?? "", edit));
    const before = current.get(edit.file) ?? "";
    const result = editText(before, edit);
    current.set(edit.file, result.text);
    changes.push(...result.changes);
    if (edit.target.kind === "chart-dependency" && result.changed) await keepLockInStep(readFile, originals, current, changes, edit, before, result.text);
  }
  const files = new Map([...current].filter(([path, text]) => originals.get(path) !== text));
  return { files, changes, before: observed };
}

/** The image an edit's target held in the original text; undefined when there is none yet. */
function observeBefore(original: string, edit: ImageEdit): ObservedImage | undefined {
  try {
    return readImage(original, edit);
  } catch (error) {
    // An entry the edit adds (or a target it cannot find, which the edit itself reports).
    if (isGitOpsError(error) && !error.retryable) return undefined;
    throw error;
  }
}

/** After a Chart.yaml dependency moved, moves its Chart.lock entry and digest (chartLock.ts). */
async function keepLockInStep(
  readFile: ReadFile,
  originals: Map<string, string>,
  current: Map<string, string>,
  changes: FieldChange[],
  edit: ImageEdit,
  oldChart: string,
  newChart: string,
): Promise<void> {
  const lockFile = lockPathFor(edit.file);
  if (!current.has(lockFile)) {
    const text = await readFile(lockFile);
    if (text === undefined) return; // no lock: Helm resolves from Chart.yaml alone
    originals.set(lockFile, text);
    current.set(lockFile, text);
  }
  const { index } = findDependency({ path: edit.file, text: oldChart }, parseDocuments(edit.file, oldChart), edit);
  const synced = syncChartLock(lockFile, current.get(lockFile) ?? "", edit.file, oldChart, newChart, index, chartVersion(edit.image, edit.file));
  if ((await readFile(synced.vendored)) !== undefined) {
    throw new GitOpsError(
      "unsupported-target",
      `${synced.vendored} is vendored in the repository; Baton does not download charts. Run helm dependency update, commit the new archive, or stop vendoring ${edit.file}'s dependencies.`,
    );
  }
  current.set(lockFile, synced.text);
  changes.push(...synced.changes);
}
