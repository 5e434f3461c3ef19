#!/usr/bin/env node
/**
 * baton-git-server: serve the bare repositories of a folder over smart HTTP on loopback, so Baton
 * has a GitOps repository to commit to without any hosted git service.
 *   baton-git-server [--root <dir>] [--port <n>] [--demo <name>]
 * --demo creates <name>.git with the walkthrough's overlays if it does not exist yet.
 */
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { demoGitopsFiles } from "./demo.js";
import { startGitServer } from "./server.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { root: { type: "string", default: ".local-data/git" }, port: { type: "string", default: "8418" }, demo: { type: "string" } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}".`);
  const root = resolve(values.root);
  mkdirSync(root, { recursive: true });
  const server = await startGitServer({ root, port });
  if (values.demo && !existsSync(server.gitdir(values.demo))) {
    await server.createRepo(values.demo, demoGitopsFiles());
    console.log(`Created ${server.gitdir(values.demo)} with the demo overlays.`);
  }
  console.log(`Serving the bare repositories in ${root} at ${server.url("<name>")}${values.demo ? ` (demo: ${server.url(values.demo)})` : ""}. Ctrl+C stops.`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
