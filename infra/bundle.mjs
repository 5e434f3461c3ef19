// Builds the deployment package in .deploy/ for Node 22 (the Flex Consumption runtime in
// infra/app/function.bicep): one ESM bundle of every module in functions/,
// plus host.json and a package.json whose "main" points at the bundle. `func azure functionapp
// publish` or `azd deploy` ship that folder; node_modules is not needed on Azure.
import { build } from "esbuild";
import { mkdir, readdir, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { join } from "node:path";
import { buildDashboard } from "./buildDashboard.mjs";

const root = new URL("..", import.meta.url).pathname;
// BATON_BUNDLE_OUT lets a test bundle into a scratch folder; BATON_BUNDLE_METAFILE has esbuild's
// metafile (which module went into which chunk, which chunk imports which) written there, for
// the cold-start test (test/infra/coldStart.test.ts). It is not part of the package.
const out = process.env.BATON_BUNDLE_OUT ?? join(root, ".deploy");
const metafileOut = process.env.BATON_BUNDLE_METAFILE;
const entries = (await readdir(join(root, "functions")))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .sort();

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  stdin: {
    contents: entries.map((f) => `import "./functions/${f.replace(/\.ts$/, ".js")}";`).join("\n"),
    resolveDir: root,
    sourcefile: "deploy-entry.ts",
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  target: "node22",
  format: "esm",
  // Code splitting: what the source loads with `await import()` (integration SDKs, used by a few
  // functions only) becomes its own chunk, read on first use instead of at every cold start.
  splitting: true,
  outdir: join(out, "dist"),
  entryNames: "index",
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  // The Functions worker provides this module at run time (it is not on npm).
  external: ["@azure/functions-core"],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __batonCreateRequire } from 'node:module'; const require = __batonCreateRequire(import.meta.url);" },
  metafile: metafileOut !== undefined,
  logLevel: "warning",
});
if (metafileOut) await writeFile(metafileOut, JSON.stringify(result.metafile));
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
await writeFile(
  join(out, "package.json"),
  JSON.stringify({ name: pkg.name, version: pkg.version, type: "module", main: "dist/index.js" }, null, 2) + "\n",
);
await copyFile(join(root, "host.json"), join(out, "host.json"));
// The dashboard's static files, next to dist/ as functions/dashboard.ts looks for them.
await buildDashboard(join(out, "dashboardApp"));
console.log(`bundled ${entries.length} function module(s) into .deploy/dist/index.js`);
