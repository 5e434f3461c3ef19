/**
 * `npm start`: Baton itself in the local host, saying what it runs with. With local.settings.json
 * its values apply (as under `func start`); without it, the walkthrough's defaults: the example
 * pipelines file, the Flux token `local-flux-token`, and an ops key generated once, kept in
 * .local-data and printed so you can sign in to the dashboard and the `baton` CLI.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeFunctions, showKeys, startHost } from "./host.js";
import { applyLocalSettings } from "./settings.js";
import { stopOnSignals } from "./stopOnSignals.js";

const WALKTHROUGH = "docs/walkthrough.md";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { app: { type: "string", default: "." }, port: { type: "string" }, "show-keys": { type: "boolean" } }, strict: true });
  const appDir = resolve(values.app);
  const port = Number(values.port ?? process.env.PORT ?? "7071");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port ?? process.env.PORT}".`);
  const origin = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const settingsFile = join(appDir, "local.settings.json");
  let printedKey: string | undefined;
  if (existsSync(settingsFile)) {
    applyLocalSettings(appDir);
    lines.push(`Settings: ${settingsFile} (environment variables already set win)`);
  } else {
    printedKey = applyWalkthroughDefaults(appDir, origin);
    lines.push(`Settings: no local.settings.json, so the walkthrough's defaults (copy local.settings.sample.json to change them)`);
  }
  lines.push(`Pipelines: ${describePipelines(process.env)}`);
  const host = await startHost({ appDir, port, localSettings: false, showKeys: showKeys(values["show-keys"], process.env) });
  console.log(`\n${describeFunctions(host.functions)}\n`);
  lines.push(`Dashboard: ${host.origin}/api/dashboard/`);
  if (printedKey) lines.push(`Ops key (dashboard sign-in, BATON_OPS_KEY for the baton CLI): ${printedKey}`);
  lines.push(`Walkthrough: ${WALKTHROUGH}. Press Ctrl+C to stop.`);
  console.log(lines.join("\n"));
  stopOnSignals(host);
}

/** Sets what the walkthrough needs where nothing is set; returns the ops key when it made one. */
function applyWalkthroughDefaults(appDir: string, origin: string): string | undefined {
  const env = process.env;
  env.BATON_PUBLIC_URL ??= origin;
  env.FLUX_WEBHOOK_TOKEN ??= "local-flux-token";
  // The walkthrough's GitOps repository is a git server on loopback: the example pipelines file
  // may reach it (and nothing else) only when the operator says so, as the sample settings do.
  env.BATON_ALLOWED_HOSTS ??= "127.0.0.1";
  env.BATON_ALLOW_LOOPBACK ??= "true";
  if (!env.BATON_PIPELINES && !env.BATON_PIPELINES_REPOSITORY) env.BATON_PIPELINES_FILE ??= join(appDir, "docs", "examples", "localPipelines.yaml");
  if (env.BATON_OPS_KEYS) return undefined;
  const dir = join(appDir, ".local-data");
  const file = join(dir, "ops-key");
  let key = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (key.length < 16) {
    key = randomBytes(24).toString("base64url");
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  env.BATON_OPS_KEYS = `local=${key}`;
  return key;
}

function describePipelines(env: NodeJS.ProcessEnv): string {
  if (env.BATON_PIPELINES) return "inline in the BATON_PIPELINES setting";
  if (env.BATON_PIPELINES_FILE) return `file ${env.BATON_PIPELINES_FILE} (BATON_PIPELINES_FILE)`;
  if (env.BATON_PIPELINES_REPOSITORY) return `${env.BATON_PIPELINES_PATH || ".baton/pipelines.yaml"} in ${env.BATON_PIPELINES_REPOSITORY} (BATON_PIPELINES_REPOSITORY)`;
  return "none configured: no image starts a promotion (set BATON_PIPELINES_FILE or BATON_PIPELINES_REPOSITORY)";
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
