/**
 * The test harness: the local host in-process on a virtual clock. Tests drive it over real HTTP,
 * raise events, move time, and wait for the host to settle: "idle" means nothing is due and
 * nothing runs, so a test waits for exactly the work it caused and never sleeps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "./clock.js";
import type { HistoryEvent } from "./durable/history.js";
import type { RuntimeStatus } from "./durable/status.js";
import { startHost, type HostLogLine, type RunningHost } from "./host.js";

export interface TestHostOptions {
  appDir: string;
  entry?: string | string[];
  /** Reuse a data directory (to restart a host on the same state). */
  dataDir?: string;
  clock?: VirtualClock;
  /** Print host logs (default: keep them in `logs` only). */
  verbose?: boolean;
  /** Replaces host.json's `functionTimeout` (ms; null: no limit); see HostOptions. */
  functionTimeoutMs?: number | null;
  /** Print the host keys in the start banner (see HostOptions). */
  showKeys?: boolean;
}

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
}

export interface TestHost extends RunningHost {
  clock: VirtualClock;
  dataDir: string;
  logs: HostLogLine[];
  /**
   * fetch against the host: `host.fetch("/api/things")`. Calls to `/runtime/*` and `/admin/*` carry the host's
   * master key (`x-functions-key`) unless the request brings its own key or `code`; use plain
   * `fetch(host.origin + path)` to send one without.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Resolves when nothing is due or running. */
  settle(): Promise<void>;
  /** Moves the clock forward by `ms` and settles. */
  advance(ms: number): Promise<void>;
  /** Moves the clock `horizonMs` forward one due timer at a time, settling after each, so timers
   * that later work creates also fire at their own times. */
  advanceThroughTimers(horizonMs: number): Promise<void>;
  startOrchestration(name: string, input?: unknown, instanceId?: string): Promise<string>;
  raiseEvent(instanceId: string, name: string, data?: unknown): Promise<number>;
  status(instanceId: string): Promise<InstanceStatus>;
  /** Settles, then returns the status; throws if it is not one of `expected`. */
  expectStatus(instanceId: string, ...expected: RuntimeStatus[]): Promise<InstanceStatus>;
  history(instanceId: string): HistoryEvent[];
  /** Stops this host and starts a new one on the same data and clock. */
  restart(): Promise<TestHost>;
  /** Stops the host and deletes a data directory it created. */
  dispose(): Promise<void>;
}

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const ownsData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "baton-host-"));
  const clock = options.clock ?? new VirtualClock();
  const logs: HostLogLine[] = [];
  const host = await startHost({
    appDir: options.appDir,
    port: 0,
    dataDir,
    clock,
    localSettings: false,
    azurite: false,
    ...(options.entry !== undefined ? { entry: options.entry } : {}),
    ...(options.functionTimeoutMs !== undefined ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
    ...(options.showKeys !== undefined ? { showKeys: options.showKeys } : {}),
    log: (line) => {
      logs.push(line);
      if (options.verbose) console.log(`${line.level} ${line.source}: ${line.message}`);
    },
  });
  const durable = `${host.origin}/runtime/webhooks/durabletask`;
  const keyed = (init: RequestInit = {}): RequestInit => {
    const headers = new Headers(init.headers);
    if (!headers.has("x-functions-key")) headers.set("x-functions-key", host.keys.master);
    return { ...init, headers };
  };
  const hostFetch = (path: string, init?: RequestInit): Promise<Response> => {
    const runtime = /^\/(runtime|admin)(\/|$)/i.test(path) && !/[?&]code=/.test(path);
    return fetch(`${host.origin}${path}`, runtime ? keyed(init) : init);
  };
  // Timer-trigger invocations can start orchestrations and orchestrations can do anything:
  // settled means both are quiet.
  const settle = async (): Promise<void> => {
    await host.timers.idle();
    await host.engine.idle();
    await host.timers.idle();
  };
  const test: TestHost = {
    ...host,
    clock,
    dataDir,
    logs,
    fetch: hostFetch,
    settle: () => settle(),
    async advance(ms) {
      await settle();
      clock.advance(ms);
      await settle();
    },
    async advanceThroughTimers(horizonMs) {
      const end = clock.now() + horizonMs;
      for (;;) {
        await settle();
        const next = host.engine.store.nextVisibleAfter(clock.now());
        if (next === undefined || next > end) break;
        clock.advanceTo(next);
      }
      clock.advanceTo(end);
      await settle();
    },
    async startOrchestration(name, input, instanceId) {
      const path = `${durable}/orchestrators/${encodeURIComponent(name)}${instanceId ? `/${encodeURIComponent(instanceId)}` : ""}`;
      const res = await fetch(path, keyed({ method: "POST", body: input === undefined ? "" : JSON.stringify(input), headers: { "content-type": "application/json" } }));
      if (res.status !== 202) throw new Error(`Starting ${name} answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
    async raiseEvent(instanceId, name, data) {
      const res = await fetch(
        `${durable}/instances/${encodeURIComponent(instanceId)}/raiseEvent/${encodeURIComponent(name)}`,
        keyed({ method: "POST", body: data === undefined ? "" : JSON.stringify(data), headers: { "content-type": "application/json" } }),
      );
      return res.status;
    },
    async status(instanceId) {
      const res = await fetch(`${durable}/instances/${encodeURIComponent(instanceId)}`, keyed());
      if (res.status === 404) throw new Error(`No instance ${instanceId}.`);
      return (await res.json()) as InstanceStatus;
    },
    async expectStatus(instanceId, ...expected) {
      await settle();
      const s = await test.status(instanceId);
      if (!expected.includes(s.runtimeStatus)) {
        throw new Error(`Instance ${instanceId} is ${s.runtimeStatus}, expected ${expected.join(" or ")}; output: ${JSON.stringify(s.output)}`);
      }
      return s;
    },
    history: (instanceId) => host.engine.store.getHistory(instanceId),
    async restart() {
      await host.stop();
      return startTestHost({ ...options, dataDir, clock });
    },
    async dispose() {
      await host.stop();
      if (ownsData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
