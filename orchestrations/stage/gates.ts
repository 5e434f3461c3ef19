/**
 * Runs a stage's gates after Ready, in sequence or side by side, as small state machines the
 * orchestrator steps through with durable timers. Soak is measured from this image's own Ready
 * time, so frequent builds never starve it; an HTTP probe needs N consecutive successes before
 * its deadline. An operator can skip a gate with a reason, or abort, at every wait.
 */
import { EVENT } from "../../shared/durable/events.js";
import type { GateConfig } from "../../shared/pipelines/config/model.js";
import { activities, describeMs, now, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import type { StageRun } from "./run.js";

type Probe = Extract<GateConfig, { kind: "httpProbe" }>;

interface GateState {
  gate: GateConfig;
  nextAt: number;
  deadline: number;
  consecutive: number;
  outcome?: "passed" | "failed" | "skipped";
  detail: string;
}

export function* runGates(run: StageRun, readyAt: Date): Flow<StepEnd<string[]>> {
  const { ctx, input } = run;
  const { gates, gateMode } = input.stage;
  const t = now(ctx).getTime();
  const states: GateState[] = gates.map((gate) =>
    gate.kind === "soak"
      ? { gate, nextAt: readyAt.getTime() + gate.durationMs, deadline: Number.POSITIVE_INFINITY, consecutive: 0, detail: `soak ${describeMs(gate.durationMs)} from Ready` }
      : { gate, nextAt: t, deadline: t + gate.deadlineMs, consecutive: 0, detail: "not probed yet" },
  );
  for (;;) {
    const pending = states.filter((s) => !s.outcome);
    if (pending.length === 0) break;
    const active = gateMode === "parallel" ? pending : pending.slice(0, 1);
    const due = active.filter((s) => s.nextAt <= now(ctx).getTime());
    if (due.length > 0) {
      yield* step(run, due);
      const failure = states.find((s) => s.outcome === "failed");
      if (failure) return failedWith(`gate ${failure.gate.name} failed: ${failure.detail}`);
      continue;
    }
    const wake = Math.min(...active.map((s) => s.nextAt));
    run.status("gates", active.map((s) => `${s.gate.name}: ${s.detail}`).join("; "), new Date(wake));
    const waited = yield* waitForEvents(ctx, [EVENT.opsCommand], new Date(wake));
    if (waited.kind === "timeout") continue;
    const command = waited.payload;
    if (command.command === "abort") return abortedBy(command);
    const target = command.command === "skip" ? active.find((s) => !command.gate || s.gate.name === command.gate) : undefined;
    if (!target) {
      run.ignored.push(command);
      continue;
    }
    target.outcome = "skipped";
    target.detail = `skipped by ${command.actor}: ${command.reason}`;
    yield* run.note(`gate/${target.gate.name}`, { kind: "gate.result", stage: input.stage.name, gate: target.gate.name, outcome: "skipped", detail: target.detail });
  }
  return done(states.map((s) => `${s.gate.name}: ${s.outcome ?? "passed"}`));
}

function* step(run: StageRun, due: GateState[]): Flow<void> {
  const { ctx, input } = run;
  const probes = due.filter((s): s is GateState & { gate: Probe } => s.gate.kind === "httpProbe");
  const results = yield* activities(ctx, "probeHttp", probes.map((s) => ({ gate: s.gate })));
  const t = now(ctx).getTime();
  for (const s of due) {
    if (s.gate.kind === "soak") {
      s.outcome = "passed";
      s.detail = `soaked ${describeMs(s.gate.durationMs)} since Ready`;
    }
  }
  probes.forEach((s, i) => {
    const r = results[i];
    s.consecutive = r?.ok ? s.consecutive + 1 : 0;
    s.detail = `${s.consecutive} of ${s.gate.successes} consecutive successes; last: ${r?.detail ?? "no result"}`;
    if (s.consecutive >= s.gate.successes) s.outcome = "passed";
    else if (t + s.gate.intervalMs > s.deadline) s.outcome = "failed";
    else s.nextAt = t + s.gate.intervalMs;
  });
  for (const s of due.filter((x) => x.outcome)) {
    yield* run.note(`gate/${s.gate.name}`, {
      kind: "gate.result",
      stage: input.stage.name,
      gate: s.gate.name,
      outcome: s.outcome === "failed" ? "failed" : "passed",
      detail: s.detail,
    });
  }
}
