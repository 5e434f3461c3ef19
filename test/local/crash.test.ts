// kill -9 of the local host: durable state lives in SQLite with one transaction per step, so a
// crash at any moment loses no recorded work and never repeats an activity whose completion was
// recorded. The host runs as a real child process here; the test waits on its progress (there is
// no other way to observe another process) but asserts only outcomes, never timings.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { contractAppDir } from "./contractApp.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const api = "/runtime/webhooks/durabletask";

interface Running {
  child: ChildProcess;
  origin: string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function startHostProcess(dataDir: string, effectsFile: string): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/cli.ts", "--app", contractAppDir, "--port", "0", "--data", dataDir], {
    cwd: repoRoot,
    env: { ...process.env, CONTRACT_SIDE_EFFECTS: effectsFile, WEBSITE_HOSTNAME: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Host started in \d+ ms: (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) {
        child.stdout?.off("data", onData);
        resolve({ child, origin: m[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => reject(new Error(`host exited (${code}) before starting:\n${out}`)));
  });
}

function kill9(r: Running): Promise<void> {
  return new Promise((resolve) => {
    r.child.once("exit", () => resolve());
    r.child.kill("SIGKILL");
  });
}

interface Status {
  runtimeStatus: string;
  customStatus: { done: number; paused?: boolean } | null;
  output: unknown;
}

async function status(r: Running, id: string): Promise<Status> {
  return (await (await fetch(`${r.origin}${api}/instances/${id}`)).json()) as Status;
}

/** Waits for another process to reach a state; fails with what it saw if it never does. */
async function until(r: Running, id: string, ok: (s: Status) => boolean, what: string): Promise<Status> {
  let last: Status | undefined;
  for (let i = 0; i < 1200; i++) {
    last = await status(r, id);
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}; last status ${JSON.stringify(last)}`);
}

function effects(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { key: number }).key);
}

async function history(r: Running, id: string): Promise<{ EventType: string; EventId: number; TaskScheduledId?: number }[]> {
  const body = (await (await fetch(`${r.origin}${api}/instances/${id}?showHistory=true`)).json()) as {
    historyEvents: { EventType: string; EventId: number; TaskScheduledId?: number }[];
  };
  return body.historyEvents;
}

describe("kill -9 and restart", () => {
  it("finishes an orchestration started over HTTP with each activity run exactly once", async () => {
    const data = mkdtempSync(join(tmpdir(), "baton-crash-"));
    const file = join(data, "effects.jsonl");
    try {
      let host = await startHostProcess(data, file);
      const start = await fetch(`${host.origin}${api}/orchestrators/crashy/crash-a`, { method: "POST", body: JSON.stringify({ count: 6, pauseAfter: 3 }) });
      expect(start.status).toBe(202);
      await until(host, "crash-a", (s) => s.customStatus?.paused === true, "the pause after 3 activities");
      await kill9(host);
      host = await startHostProcess(data, file);
      expect((await fetch(`${host.origin}${api}/instances/crash-a/raiseEvent/continue`, { method: "POST", body: "{}" })).status).toBe(202);
      const done = await until(host, "crash-a", (s) => s.runtimeStatus === "Completed", "completion after restart");
      expect(done.output).toBe(6);
      expect(effects(file)).toEqual([0, 1, 2, 3, 4, 5]);
      await kill9(host);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it("never repeats a recorded completion and loses no work when killed in the middle of activities", async () => {
    const data = mkdtempSync(join(tmpdir(), "baton-crash-"));
    const file = join(data, "effects.jsonl");
    try {
      let host = await startHostProcess(data, file);
      await fetch(`${host.origin}${api}/orchestrators/crashy/crash-b`, { method: "POST", body: JSON.stringify({ count: 8, sleepMs: 150 }) });
      const first = await until(host, "crash-b", (s) => (s.customStatus?.done ?? 0) >= 2, "two recorded activities");
      await kill9(host);
      host = await startHostProcess(data, file);
      await until(host, "crash-b", (s) => (s.customStatus?.done ?? 0) >= 5, "five recorded activities");
      await kill9(host);
      host = await startHostProcess(data, file);
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
      await kill9(host);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
