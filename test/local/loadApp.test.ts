import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadApp, resolveEntryFiles } from "../../local/core/loadApp.js";
import { contractAppDir } from "./contractApp.js";

describe("loading an app", () => {
  it("expands a glob in package.json main, like the worker", async () => {
    const files = await resolveEntryFiles(contractAppDir);
    expect(files.map((f) => f.slice(contractAppDir.length))).toEqual(["/src/activities.js", "/src/http.js", "/src/orchestrators.js", "/src/sideEffects.js"]);
  });

  it("explains a missing package.json and an entry that matches nothing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "baton-app-"));
    await expect(loadApp(empty)).rejects.toThrow(/needs a package.json whose "main" names its entry files/);
    writeFileSync(join(empty, "package.json"), JSON.stringify({ main: "dist/*.js" }));
    await expect(loadApp(empty)).rejects.toThrow(/No entry file matches "dist\/\*.js" .*Did you run the build\?/);
  });

  it("refuses an app that registers nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-app-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ main: "index.mjs" }));
    writeFileSync(join(dir, "index.mjs"), "export const nothing = 1;\n");
    await expect(loadApp(dir)).rejects.toThrow(/registered no functions/);
  });

  it("captures the same registrations when the same app is loaded twice in one process", async () => {
    const first = await loadApp(contractAppDir);
    const second = await loadApp(contractAppDir);
    expect(second.functions.map((f) => f.metadata.name)).toEqual(first.functions.map((f) => f.metadata.name));
    expect(first.functions.length).toBeGreaterThan(20);
  });
});
