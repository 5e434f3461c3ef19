// kill -9 of the local host: durable state lives in SQLite with one transaction per step, so a
// crash at any moment loses no recorded work and never repeats an activity whose completion was
// recorded. The host runs as a real child process here; the test waits on its progress (there is
// no other way to observe another process) but asserts only outcomes, never timings.
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadHostKeys } from "../../local/keys/hostKeys.js";
import { eventually, startHostProcess, type HostProcess } from "../support/hostProcess.js";
import { contractAppDir } from "./contractApp.js";

const api = "/runtime/webhooks/durabletask";
const running: HostProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.kill9()));
});

interface Launched extends HostProcess {
  /** fetch on the Durable API with the host's system key (kept in its data directory). */
  api(path: string, init?: RequestInit): Promise<Response>;
}

async function launch(dataDir: string, effectsFile: string): Promise<Launched> {
  const host = await startHostProcess({ app: contractAppDir, dataDir, env: { CONTRACT_SIDE_EFFECTS: effectsFile } });
  running.push(host);
  const key = loadHostKeys(dataDir).system.durabletask_extension;
  return {
    ...host,
    api: (path, init = {}) => fetch(`${host.origin}${api}${path}`, { ...init, headers: { "x-functions-key": key, "content-type": "application/json" } }),
  };
}

interface Status {
  runtimeStatus: string;
  customStatus: { done: number; paused?: boolean } | null;
  output: unknown;
}

async function status(r: Launched, id: string): Promise<Status> {
  return (await (await r.api(`/instances/${id}`)).json()) as Status;
}

function until(r: Launched, id: string, ok: (s: Status) => boolean, what: string): Promise<Status> {
  return eventually(async () => {
    const s = await status(r, id);
    return ok(s) ? s : undefined;
  }, what);
}

function effects(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { key: number }).key);
}

async function history(r: Launched, id: string): Promise<{ EventType: string; EventId: number; TaskScheduledId?: number }[]> {
  const body = (await (await r.api(`/instances/${id}?showHistory=true`)).json()) as {
    historyEvents: { EventType: string; EventId: number; TaskScheduledId?: number }[];
  };
  return body.historyEvents;
}

describe("kill -9 and restart", () => {
  it("finishes an orchestration started over HTTP with each activity run exactly once", async () => {
    const data = mkdtempSync(join(tmpdir(), "baton-crash-"));
    const file = join(data, "effects.jsonl");
    try {
      let host = await launch(data, file);
      const start = await host.api("/orchestrators/crashy/crash-a", { method: "POST", body: JSON.stringify({ count: 6, pauseAfter: 3 }) });
      expect(start.status).toBe(202);
      await until(host, "crash-a", (s) => s.customStatus?.paused === true, "the pause after 3 activities");
      await host.kill9();
      host = await launch(data, file);
      expect((await host.api("/instances/crash-a/raiseEvent/continue", { method: "POST", body: "{}" })).status).toBe(202);
      const done = await until(host, "crash-a", (s) => s.runtimeStatus === "Completed", "completion after restart");
      expect(done.output).toBe(6);
      expect(effects(file)).toEqual([0, 1, 2, 3, 4, 5]);
      await host.kill9();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it("never repeats a recorded completion and loses no work when killed in the middle of activities", async () => {
    const data = mkdtempSync(join(tmpdir(), "baton-crash-"));
    const file = join(data, "effects.jsonl");
    try {
      let host = await launch(data, file);
      await host.api("/orchestrators/crashy/crash-b", { method: "POST", body: JSON.stringify({ count: 8, sleepMs: 150 }) });
      const first = await until(host, "crash-b", (s) => (s.customStatus?.done ?? 0) >= 2, "two recorded activities");
      await host.kill9();
      host = await launch(data, file);
      await until(host, "crash-b", (s) => (s.customStatus?.done ?? 0) >= 5, "five recorded activities");
      await host.kill9();
      host = await launch(data, file);
      const done = await until(host, "crash-b", (s) => s.runtimeStatus === "Completed", "completion");
      expect(done.output).toBe(8);

      const events = await history(host, "crash-b");
      const scheduled = events.filter((e) => e.EventType === "TaskScheduled").map((e) => e.EventId);
      const completed = events.filter((e) => e.EventType === "TaskCompleted").map((e) => e.TaskScheduledId);
      expect(scheduled).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(completed).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

      const runs = effects(file);
      const count = (k: number): number => runs.filter((x) => x === k).length;
      for (let k = 0; k < 8; k++) expect(count(k)).toBeGreaterThanOrEqual(1);
      // Completions recorded before the first kill never ran again.
      for (let k = 0; k < (first.customStatus?.done ?? 0); k++) expect(count(k)).toBe(1);
      // At most the activity in flight at each kill ran twice.
      expect(runs.length).toBeLessThanOrEqual(8 + 2);
      await host.kill9();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
