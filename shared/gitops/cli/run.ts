import { createTwoFilesPatch } from "diff";
import { join } from "node:path";
import { applyEdits } from "../applyEdits.js";
import type { ImageEdit } from "../edit.js";
import { isGitOpsError } from "../errors.js";
import { parseCli, usage } from "./options.js";

/** Everything the CLI touches, so tests run it in-process against real files without spawning. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string | undefined>;
  writeFile: (path: string, text: string) => Promise<void>;
  isDirectory: (path: string) => Promise<boolean>;
  readJson: (path: string) => unknown;
}

export const exitCodes = { unchanged: 0, error: 1, changed: 2 } as const;

/** Runs the preview: returns the exit code (0 unchanged, 2 changed, 1 error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCli(argv, io.readJson);
    if (parsed.help) {
      io.stdout(`${usage}\n`);
      return exitCodes.unchanged;
    }
    const directory = await io.isDirectory(parsed.path);
    let edits: ImageEdit[];
    let locate: (file: string) => string;
    if (parsed.edits.relativeTo === "directory") {
      if (!directory) throw new Error(`${parsed.path} is not a directory; --edits paths are relative to a directory.`);
      edits = parsed.edits.edits;
      locate = (file) => join(parsed.path, file);
    } else {
      if (directory) throw new Error(`${parsed.path} is a directory; with --image give a file, or use --edits.`);
      edits = [{ ...parsed.edits.edit, file: parsed.path }];
      locate = (file) => file;
    }
    const result = await applyEdits((file) => io.readFile(locate(file)), edits);
    for (const c of result.changes) io.stderr(`${c.file}:${c.line} ${c.where}: ${c.from ?? "(added)"} -> ${c.to}\n`);
    for (const [file, text] of result.files) {
      const before = (await io.readFile(locate(file))) ?? "";
      io.stdout(createTwoFilesPatch(`a/${file}`, `b/${file}`, before, text, undefined, undefined, { context: 3 }));
      if (parsed.write) await io.writeFile(locate(file), text);
    }
    if (result.files.size === 0) io.stderr("unchanged: the files already hold these values\n");
    return result.files.size > 0 ? exitCodes.changed : exitCodes.unchanged;
  } catch (error) {
    const kind = isGitOpsError(error) ? ` (${error.kind})` : "";
    io.stderr(`error${kind}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.error;
  }
}
