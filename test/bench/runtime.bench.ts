// Local runtime figures: start-up time, orchestration episodes per second and activities per
// second, each beside a baseline measured in the same run.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { invokeFunction } from "../../local/core/invoke.js";
import { EventType } from "../../local/durable/history.js";
import { startTestHost } from "../../local/testing.js";
import { contractAppDir } from "../local/contractApp.js";
import type { BenchReport } from "./report.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

function timeProcess(args: string[], ready: RegExp | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WEBSITE_HOSTNAME: "" } });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (ready?.test(out)) {
        const ms = performance.now() - started;
        child.kill("SIGKILL");
        resolve(ms);
      }
    });
    child.once("exit", (code) => {
      if (!ready) resolve(performance.now() - started);
      else if (!ready.test(out)) reject(new Error(`process exited (${code}) before it was ready: ${out}`));
    });
  });
}

async function median(n: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await f());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] ?? 0;
}

export default async function runtimeBench(report: BenchReport): Promise<void> {
  const startup = await median(5, () =>
    timeProcess(["dist/local/cli.js", "--app", contractAppDir, "--port", "0", "--data", `${repoRoot}.local-data/bench-${Date.now()}`], /Host started in/),
  );
  const bareNode = await median(5, () => timeProcess(["-e", "import('durable-functions').then(() => {})"], undefined));
  report({
    name: "host start-up (spawn to listening, contract app with 29 functions)",
    value: startup,
    unit: "ms",
    baseline: { name: "node start + import durable-functions", value: bareNode, unit: "ms" },
  });

  const host = await startTestHost({ appDir: contractAppDir });
  try {
    const hello = host.app.functions.find((f) => f.metadata.name === "hello");
    if (!hello) throw new Error("contract app has no hello activity");
    const trigger = Object.keys(hello.metadata.bindings)[0] ?? "";
    const bareCalls = 2000;
    let t = performance.now();
    for (let i = 0; i < bareCalls; i++) {
      await invokeFunction(host.app, hello, { inputData: [{ name: trigger, data: { string: '"x"' } }] }, () => undefined);
    }
    const barePerSecond = bareCalls / ((performance.now() - t) / 1000);

    const instances = 100;
    const perInstance = 10;
    t = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < instances; i++) {
      ids.push(await host.startOrchestration("sequence", Array.from({ length: perInstance }, (_, k) => `c${k}`)));
    }
    await host.settle();
    const seconds = (performance.now() - t) / 1000;
    let episodes = 0;
    let activities = 0;
    for (const id of ids) {
      const h = host.history(id);
      episodes += h.filter((e) => e.EventType === EventType.OrchestratorStarted).length;
      activities += h.filter((e) => e.EventType === EventType.TaskCompleted).length;
    }
    report({
      name: `orchestration episodes (${instances} x ${perInstance}-activity sequences)`,
      value: episodes / seconds,
      unit: "episodes/s",
      baseline: { name: "bare activity handler invocation", value: barePerSecond, unit: "calls/s" },
    });
    report({
      name: "activities through the durable engine",
      value: activities / seconds,
      unit: "activities/s",
      baseline: { name: "bare activity handler invocation", value: barePerSecond, unit: "calls/s" },
    });
  } finally {
    await host.dispose();
  }
}
