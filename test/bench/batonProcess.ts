/**
 * Baton as users run it, for the benchmarks: the built app (`dist/`) in its own `baton-host`
 * process on the system clock, driven over HTTP from outside like ACR, Flux and operators do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHostKeys } from "../../local/keys/hostKeys.js";
import { DurableStore } from "../../local/durable/store.js";
import type { HistoryEvent } from "../../local/durable/history.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const TASK_HUB = "BatonHub"; // host.json extensions.durableTask.hubName

export interface BatonProcess {
  origin: string;
  /** fetch against the host; `/runtime/*` calls carry the master key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  runtimeStatus(instanceId: string): Promise<string | undefined>;
  /** The durable status as the HTTP API answers it (for diagnostics). */
  status(instanceId: string): Promise<unknown>;
  /** The last lines the host wrote to stderr. */
  errors(): string;
  /** Polls the durable status every `everyMs` until the instance is in a final state. */
  waitFinished(instanceId: string, everyMs?: number, timeoutMs?: number): Promise<string>;
  /** Stops the process; then the durable store can be read. */
  stop(): Promise<void>;
  /** Histories of the instances whose id starts with `prefix` (after stop). */
  histories(prefix: string): Map<string, HistoryEvent[]>;
  dispose(): Promise<void>;
}

const FINAL = new Set(["Completed", "Failed", "Terminated"]);

export async function startBatonProcess(env: Record<string, string>): Promise<BatonProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), "baton-bench-host-"));
  // Opt-in, for profiling the host (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): node flags for
  // the host process only, split on whitespace. Unset in a normal bench run.
  const nodeFlags = (process.env.BATON_BENCH_HOST_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, "dist/local/cli.js", "--app", repoRoot, "--port", "0", "--data", dataDir], {
    cwd: repoRoot,
    // Nothing of the bench's own environment decides the host's settings but what is passed here.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const origin = await listening(child);
  const keys = loadHostKeys(dataDir);
  let stopped = false;
  const hostFetch = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (path.startsWith("/runtime/")) headers.set("x-functions-key", keys.master);
    return fetch(`${origin}${path}`, { ...init, headers });
  };
  const runtimeStatus = async (id: string): Promise<string | undefined> => {
    const res = await hostFetch(`/runtime/webhooks/durabletask/instances/${encodeURIComponent(id)}`);
    if (res.status === 404) return undefined;
    return ((await res.json()) as { runtimeStatus: string }).runtimeStatus;
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  };
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-5000);
  });
  return {
    origin,
    fetch: hostFetch,
    runtimeStatus,
    async status(id) {
      const res = await hostFetch(`/runtime/webhooks/durabletask/instances/${encodeURIComponent(id)}`);
      return res.status === 404 ? undefined : ((await res.json()));
    },
    errors: () => stderr,
    async waitFinished(id, everyMs = 5, timeoutMs = 120_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = await runtimeStatus(id);
        if (s && FINAL.has(s)) return s;
        if (Date.now() > until) throw new Error(`${id} still ${s ?? "unknown"} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    },
    stop,
    histories(prefix) {
      const store = new DurableStore(join(dataDir, `${TASK_HUB}.sqlite`));
      try {
        const out = new Map<string, HistoryEvent[]>();
        for (const i of store.query({ instanceIdPrefix: prefix })) out.set(i.instanceId, store.getHistory(i.instanceId));
        return out;
      } finally {
        store.close();
      }
    },
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Host started in \d+ ms: (http:\/\/[^\s]+) /.exec(out);
      if (m?.[1]) {
        child.stdout?.off("data", onData);
        // Keep draining the host's console so it never blocks on a full pipe.
        child.stdout?.resume();
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out = (out + c.toString()).slice(-5000);
    });
    child.once("exit", (code) => reject(new Error(`baton-host exited (${code}) before listening:\n${out.slice(-3000)}`)));
  });
}
