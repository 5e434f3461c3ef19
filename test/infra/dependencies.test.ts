// Runtime dependencies are what the app needs to run: every package in `dependencies` is imported
// by code outside test/ (the deployment installs them, and an unused SDK is attack surface and
// cold-start weight). Packages only tests use belong in devDependencies.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const APP_DIRS = ["functions", "orchestrations", "shared", "local", "cli", "dashboard", "infra"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The package a specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function importedPackages(): Set<string> {
  const found = new Set<string>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g;
  for (const file of APP_DIRS.flatMap(sourceFiles)) {
    for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
      const specifier = match[1] ?? "";
      if (!specifier.startsWith("node:")) found.add(packageOf(specifier));
    }
  }
  return found;
}

describe("package.json dependencies", () => {
  it("lists only packages the app imports outside test/", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const imported = importedPackages();
    expect(Object.keys(pkg.dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });
});
