#!/usr/bin/env node
/**
 * baton-host: run any Azure Functions v4 Node app locally, like `func start`, without Core Tools.
 *   baton-host --app <dir> [--port <n>] [--data <dir>] [--host <address>] [--entry <glob> ...] [--show-keys]
 */
import { parseArgs } from "node:util";
import { describeFunctions, showKeys, startHost } from "./host.js";
import { stopOnSignals } from "./stopOnSignals.js";

const usage = "Usage: baton-host --app <dir> [--port <n>] [--data <dir>] [--host <address>] [--entry <file or glob> ...] [--show-keys]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      app: { type: "string", default: "." },
      port: { type: "string" },
      data: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      // Entry files instead of package.json "main", e.g. TypeScript sources under `node --import tsx`.
      entry: { type: "string", multiple: true },
      // Print the host keys at start (BATON_HOST_SHOW_KEYS=true does the same); else only where they are.
      "show-keys": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const portText = values.port ?? process.env.PORT ?? "7071";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${portText}".`);
  const started = Date.now();
  const host = await startHost({
    appDir: values.app,
    port,
    hostname: values.host,
    ...(values.data ? { dataDir: values.data } : {}),
    ...(values.entry && values.entry.length > 0 ? { entry: values.entry } : {}),
    showKeys: showKeys(values["show-keys"], process.env),
  });
  console.log(`\n${describeFunctions(host.functions)}\n`);
  console.log(`Host started in ${Date.now() - started} ms: ${host.origin} (task hub ${host.taskHub}). Press Ctrl+C to stop.`);
  stopOnSignals(host);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(usage);
  process.exit(1);
});
