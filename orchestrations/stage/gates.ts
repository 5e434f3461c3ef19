/**
 * Runs a stage's gates after Ready, in sequence or side by side (gate drivers in gateDrivers.ts),
 * stepping each when it is due and waiting with durable timers in between. Soak is measured from
 * this image's own Ready time, so frequent builds never starve it. At every wait an operator can
 * skip a gate with a reason, or abort; a workflow gate is also released by its workflow_run webhook,
 * an Azure Pipelines gate by its run-state-changed service hook.
 */
import { EVENT } from "../../shared/durable/events.js";
import { keepUnsubscribe, now, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import { onAzurePipelinesRunFinished, onWorkflowFinished, startGate, stepGate, type GateState } from "./gateDrivers.js";
import type { StageRun } from "./run.js";

export function* runGates(run: StageRun, readyAt: Date, commit: string): Flow<StepEnd<string[]>> {
  const { ctx, input } = run;
  // In sequence a gate's clock (deadline, first check) starts when it becomes active, not when
  // the stage became Ready: a long change-window wait must not eat the next gate's deadline.
  const states: GateState[] = [];
  const activate = (upTo: number): void => {
    while (states.length < upTo) {
      const gate = input.stage.gates[states.length];
      if (!gate) break;
      states.push(startGate(gate, readyAt.getTime(), now(ctx).getTime()));
    }
  };
  activate(input.stage.gateMode === "parallel" ? input.stage.gates.length : 1);
  try {
    for (;;) {
      const pending = states.filter((s) => !s.outcome);
      if (pending.length === 0) {
        if (states.length === input.stage.gates.length) break;
        activate(states.length + 1);
        continue;
      }
      const active = input.stage.gateMode === "parallel" ? pending : pending.slice(0, 1);
      const due = active.filter((s) => s.nextAt <= now(ctx).getTime());
      if (due.length > 0) {
        for (const s of due) {
          yield* stepGate(run, s, commit);
          if (s.outcome) yield* record(run, s);
        }
        const failure = states.find((s) => s.outcome === "failed");
        if (failure) return failedWith(`gate ${failure.gate.name} failed: ${failure.detail}`);
        continue;
      }
      const wake = Math.min(...active.map((s) => s.nextAt));
      run.status("gates", active.map((s) => `${s.gate.name}: ${s.detail}`).join("; "), new Date(wake), active.map((s) => s.gate.name));
      const waited = yield* waitForEvents(ctx, [EVENT.opsCommand, EVENT.workflowFinished, EVENT.azurePipelinesRunFinished], new Date(wake));
      if (waited.kind === "timeout") continue;
      if (waited.name === EVENT.workflowFinished || waited.name === EVENT.azurePipelinesRunFinished) {
        const settled = waited.name === EVENT.workflowFinished ? onWorkflowFinished(states, waited.payload) : onAzurePipelinesRunFinished(states, waited.payload);
        if (settled) yield* record(run, settled);
        const failure = states.find((s) => s.outcome === "failed");
        if (failure) return failedWith(`gate ${failure.gate.name} failed: ${failure.detail}`);
        continue;
      }
      const command = waited.payload;
      if (command.command === "abort") return abortedBy(command);
      // A running gate can be skipped directly (no pause needed), with the operator's reason.
      const target = command.command === "skip" ? active.find((s) => !command.gate || s.gate.name === command.gate) : undefined;
      if (!target) {
        run.ignored.push(command);
        continue;
      }
      yield* run.note(`gate/${target.gate.name}/skip`, { kind: "ops.command", stage: input.stage.name, command: `skip ${target.gate.name}`, actor: command.actor, reason: command.reason });
      target.outcome = "skipped";
      target.detail = `skipped by ${command.actor}: ${command.reason}`;
      yield* record(run, target);
    }
    return done(states.map((s) => `${s.gate.name}: ${s.outcome ?? "passed"}`));
  } finally {
    for (const s of states) if (s.wait) keepUnsubscribe(ctx, run.instanceId, s.wait);
  }
}

function* record(run: StageRun, s: GateState): Flow<void> {
  yield* run.note(`gate/${s.gate.name}`, {
    kind: "gate.result",
    stage: run.input.stage.name,
    gate: s.gate.name,
    outcome: s.outcome === "failed" ? "failed" : s.outcome === "skipped" ? "skipped" : "passed",
    detail: s.detail,
  });
}
