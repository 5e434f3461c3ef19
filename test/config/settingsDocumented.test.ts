// Every BATON_* setting the code reads is documented in local.settings.sample.json.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("local.settings.sample.json", () => {
  it("documents every BATON_ setting the app reads", () => {
    const sample = JSON.parse(readFileSync(join(root, "local.settings.sample.json"), "utf8")) as { Values: Record<string, string>; Documentation: Record<string, string> };
    const read = new Set(["functions", "orchestrations", "shared"].flatMap((d) => sources(join(root, d))).flatMap((f) => readFileSync(f, "utf8").match(/\bBATON_[A-Z0-9_]+[A-Z0-9]\b/g) ?? []));
    const undocumented = [...read].filter((name) => !(name in sample.Documentation) || !(name in sample.Values));
    expect(undocumented).toEqual([]);
    expect(Object.keys(sample.Values).filter((k) => !(k in sample.Documentation))).toEqual([]);
  });
});
