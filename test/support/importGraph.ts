// Baton's own import graph, for the cold-start tests (which function module loads which SDK): the
// esbuild metafile of the given modules with every npm package left external, so only our code's
// imports are followed.
import { build, type Metafile } from "esbuild";

/** One build of the entries: the metafile holds each module's imports. */
export async function metafileOf(entries: string[]): Promise<Metafile> {
  const result = await build({
    entryPoints: entries,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    outdir: "/tmp/baton-import-graph",
    packages: "external",
    logLevel: "silent",
  });
  return result.metafile;
}

/**
 * Every module and package reachable from the entry, following static imports only (what runs
 * when the module is imported) or also `await import()` (what may load on first use).
 */
export function reachable(metafile: Metafile, entry: string, followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (imported.kind === "dynamic-import" && !followDynamic) continue;
      if (imported.external) seen.add(imported.path);
      else pending.push(imported.path);
    }
  }
  return seen;
}
