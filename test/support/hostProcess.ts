/**
 * The local host as a real child process, for what an in-process host cannot show: kill -9.
 * Runs `local/cli.ts` under tsx, so tests need no build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface HostProcess {
  origin: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hooks, no flushing; resolves when the process is gone. */
  kill9(): Promise<void>;
}

export interface HostProcessOptions {
  app: string;
  dataDir: string;
  entry?: string[];
  env?: Record<string, string>;
}

export function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const args = ["--import", "tsx", "local/cli.ts", "--app", options.app, "--port", "0", "--data", options.dataDir, ...(options.entry ?? []).flatMap((e) => ["--entry", e])];
  // WEBSITE_HOSTNAME empty: each host sets its own origin for the durable client.
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...options.env, WEBSITE_HOSTNAME: "" }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Host started in \d+ ms: (http:\/\/[\d.]+:\d+)/.exec(out);
      if (!m?.[1]) return;
      child.stdout?.off("data", onData);
      // Keep draining output so a chatty host never blocks on a full pipe.
      child.stdout?.resume();
      resolve({
        origin: m[1],
        child,
        kill9: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGKILL");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => reject(new Error(`host exited (${code}) before starting:\n${out}`)));
  });
}

/**
 * Waits for another process to reach a state, checking every 25 ms; fails with the last thing
 * seen. Only for child processes: in-process tests settle instead of polling.
 */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : JSON.stringify(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `; last error: ${last}` : ""}`);
}
