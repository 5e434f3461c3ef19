#!/usr/bin/env node
// `baton-setup`: Flux, GitHub and Event Grid configuration from the pipelines file. See run.ts.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { runSetup } from "./run.js";

process.exitCode = await runSetup(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error))),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  mkdir: (path) => mkdir(path, { recursive: true }).then(() => undefined),
  env: process.env,
});
