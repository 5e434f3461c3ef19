#!/usr/bin/env node
// `baton-gitops`: preview (or apply with --write) exactly the edit Baton would commit. See cli/options.ts.
import { readFileSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { runCli } from "./cli/run.js";

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error))),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  isDirectory: (path) => stat(path).then((s) => s.isDirectory(), () => false),
  readJson: (path) => JSON.parse(readFileSync(path, "utf8")) as unknown,
});
process.exitCode = code;
