/**
 * Loads a Functions v4 Node app the way the worker does: the entry points are the package.json
 * `main` (a file or a glob), each imported once, and whatever they register is the app.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { glob } from "tinyglobby";
import { captureRegistrations, installFunctionsCore, type CapturedApp } from "./functionsCore.js";
import type { FunctionRegistration, HookRegistration, ProgrammingModel } from "./types.js";

export interface LoadedApp {
  appDir: string;
  entryFiles: string[];
  functions: FunctionRegistration[];
  hooks: HookRegistration[];
  programmingModel: ProgrammingModel;
}

// ES modules run once per process; remember what each entry registered so a second host on the
// same app (a restart in a test) sees the same functions.
const capturedByEntry = new Map<string, CapturedApp>();

export async function resolveEntryFiles(appDir: string, entry?: string | string[]): Promise<string[]> {
  let patterns: string[];
  if (entry) {
    patterns = Array.isArray(entry) ? entry : [entry];
  } else {
    const pkgPath = resolve(appDir, "package.json");
    let pkg: { main?: unknown };
    try {
      pkg = JSON.parse(await readFile(pkgPath, "utf8")) as { main?: unknown };
    } catch (error) {
      throw new Error(`Cannot read ${pkgPath}: a Functions app needs a package.json whose "main" names its entry files.`, { cause: error });
    }
    patterns = [typeof pkg.main === "string" && pkg.main.length > 0 ? pkg.main : "index.js"];
  }
  const files = await glob(patterns, { cwd: appDir, absolute: true, onlyFiles: true });
  if (files.length === 0) {
    throw new Error(`No entry file matches ${patterns.map((p) => `"${p}"`).join(", ")} in ${appDir}. Did you run the build?`);
  }
  return files.sort();
}

export async function loadApp(appDir: string, options: { entry?: string | string[] } = {}): Promise<LoadedApp> {
  installFunctionsCore();
  const dir = resolve(appDir);
  const entryFiles = await resolveEntryFiles(dir, options.entry);
  const functions: FunctionRegistration[] = [];
  const hooks: HookRegistration[] = [];
  let programmingModel: ProgrammingModel | undefined;
  for (const file of entryFiles) {
    let captured = capturedByEntry.get(file);
    if (!captured) {
      captured = await captureRegistrations(async () => {
        await import(pathToFileURL(file).href);
      });
      capturedByEntry.set(file, captured);
    }
    functions.push(...captured.functions);
    hooks.push(...captured.hooks);
    programmingModel ??= captured.programmingModel;
  }
  const seen = new Set<string>();
  for (const f of functions) {
    const key = f.metadata.name.toLowerCase();
    if (seen.has(key)) throw new Error(`The app registers two functions named "${f.metadata.name}": function names must be unique.`);
    seen.add(key);
  }
  if (!programmingModel) {
    throw new Error(`${dir} registered no functions: its entry files never called app.* from @azure/functions.`);
  }
  return { appDir: dir, entryFiles, functions, hooks, programmingModel };
}
