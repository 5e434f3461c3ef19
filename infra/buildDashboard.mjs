// Builds the dashboard (dashboard/) into one folder Baton serves at /api/dashboard/: index.html,
// app.js (every dependency bundled, Chart.js included: no CDN) and app.css. Used by `npm run
// build` (dist/dashboardApp) and the deployment bundle (.deploy/dashboardApp).
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

export async function buildDashboard(out = join(root, "dist", "dashboardApp")) {
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [join(root, "dashboard", "main.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: false,
    outfile: join(out, "app.js"),
    logLevel: "warning",
  });
  await copyFile(join(root, "dashboard", "index.html"), join(out, "index.html"));
  await copyFile(join(root, "dashboard", "style.css"), join(out, "app.css"));
  return out;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const out = await buildDashboard(process.argv[2]);
  console.log(`dashboard built into ${out}`);
}
