/**
 * One driver per gate kind: where a gate starts and what one step of it does when it is due.
 * Every step ends with the gate passed, failed, or due again at `nextAt`; waiting happens in
 * the gate loop (gates.ts), which also delivers workflow_run webhooks and operators' commands.
 */
import type { AzurePipelinesRunFinishedPayload, WorkflowFinishedPayload } from "../../shared/durable/events.js";
import type { WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import type { GateConfig } from "../../shared/pipelines/config/model.js";
import { activity, describeMs, now, type Flow } from "../flow.js";
import type { StageRun } from "./run.js";

export interface GateState {
  gate: GateConfig;
  nextAt: number;
  deadline: number;
  outcome?: "passed" | "failed" | "skipped";
  detail: string;
  /** httpProbe / logQuery: passing checks so far (consecutive where the gate says so). */
  passes: number;
  /** workflow / azurePipelines: the run being waited for, and the wait registered with the signal router. */
  run?: { id: number; headSha: string; url: string };
  wait?: WaitFor;
}

const NOT_VISIBLE_RETRY_MS = 15_000;

export function startGate(gate: GateConfig, readyAt: number, t: number): GateState {
  const base = { gate, nextAt: t, passes: 0 };
  switch (gate.kind) {
    case "soak":
      return { ...base, nextAt: readyAt + gate.durationMs, deadline: Number.POSITIVE_INFINITY, detail: `soak ${describeMs(gate.durationMs)} from Ready` };
    case "httpProbe":
      return { ...base, deadline: t + gate.deadlineMs, detail: "not probed yet" };
    case "logQuery":
      return { ...base, deadline: t + gate.deadlineMs, detail: "not evaluated yet" };
    case "workflow":
      return { ...base, deadline: t + gate.timeoutMs, detail: "not dispatched yet" };
    case "azurePipelines":
      return { ...base, deadline: t + gate.timeoutMs, detail: "not queued yet" };
    case "changeWindow":
      return { ...base, deadline: t + gate.maxWaitMs, detail: "not checked yet" };
  }
}

export function* stepGate(run: StageRun, s: GateState, commit: string): Flow<void> {
  const t = now(run.ctx).getTime();
  const gate = s.gate;
  switch (gate.kind) {
    case "soak":
      settle(s, "passed", `soaked ${describeMs(gate.durationMs)} since Ready`);
      return;
    case "httpProbe": {
      const r = yield* activity(run.ctx, "probeHttp", { gate });
      s.passes = r.ok ? s.passes + 1 : 0;
      s.detail = `${s.passes} of ${gate.successes} consecutive successes; last: ${r.detail}`;
      if (s.passes >= gate.successes) settle(s, "passed", s.detail);
      else again(s, t, gate.intervalMs);
      return;
    }
    case "logQuery": {
      const r = yield* activity(run.ctx, "runLogQuery", { gate });
      if (r.status === "failed") return settle(s, "failed", r.reason);
      if (r.status === "succeeded") {
        if (r.value.passed) s.passes++;
        else if (gate.mode === "all") return settle(s, "failed", `evaluation failed: ${r.value.detail}`);
        else s.passes = 0;
        s.detail = `${s.passes} of ${gate.evaluations} passing evaluations; last: ${r.value.detail}`;
      } else {
        s.detail = `${s.passes} of ${gate.evaluations}; last query did not run: ${r.status === "errored" ? r.reason : r.detail}`;
      }
      if (s.passes >= gate.evaluations) settle(s, "passed", s.detail);
      else again(s, t, gate.intervalMs);
      return;
    }
    case "workflow": {
      if (!s.run) {
        const r = yield* activity(run.ctx, "dispatchWorkflow", { gate, promotionId: run.input.promotionId, stage: run.input.stage.name, commit });
        if (r.status === "failed") return settle(s, "failed", r.reason);
        if (r.status !== "succeeded") {
          s.detail = r.status === "running" ? r.detail : r.reason;
          return again(s, t, NOT_VISIBLE_RETRY_MS);
        }
        s.run = { id: r.value.runId, headSha: r.value.headSha, url: r.value.htmlUrl };
        s.wait = { on: "workflow", repository: gate.repository, headSha: r.value.headSha };
        yield* activity(run.ctx, "subscribeSignal", { instanceId: run.instanceId, wait: s.wait });
        s.detail = `run ${r.value.htmlUrl} dispatched`;
        return again(s, t, gate.pollIntervalMs);
      }
      // Polling fallback for a lost or late workflow_run webhook.
      const r = yield* activity(run.ctx, "workflowRunStatus", { gate, runId: s.run.id });
      if (r.status === "succeeded") return settle(s, "passed", `run ${r.value.htmlUrl} succeeded`);
      if (r.status === "failed") return settle(s, "failed", r.reason);
      s.detail = `run ${s.run.url}: ${r.status === "running" ? r.detail : r.reason}`;
      return again(s, t, gate.pollIntervalMs);
    }
    case "azurePipelines": {
      if (!s.run) {
        const r = yield* activity(run.ctx, "queueAzurePipelinesRun", { gate, promotionId: run.input.promotionId, stage: run.input.stage.name, commit });
        if (r.status === "failed") return settle(s, "failed", r.reason);
        if (r.status !== "succeeded") {
          s.detail = r.status === "running" ? r.detail : r.reason;
          return again(s, t, NOT_VISIBLE_RETRY_MS);
        }
        s.run = { id: r.value.runId, headSha: commit, url: r.value.webUrl };
        s.wait = { on: "azurePipelinesRun", organization: r.value.organization, runId: r.value.runId };
        yield* activity(run.ctx, "subscribeSignal", { instanceId: run.instanceId, wait: s.wait });
        s.detail = `run ${r.value.webUrl} queued`;
        return again(s, t, gate.pollIntervalMs);
      }
      // Polling fallback for a lost or late run-state-changed service hook.
      const r = yield* activity(run.ctx, "azurePipelinesRunStatus", { gate, runId: s.run.id });
      if (r.status === "succeeded") return settle(s, "passed", `run ${r.value.webUrl} succeeded`);
      if (r.status === "failed") return settle(s, "failed", r.reason);
      s.detail = `run ${s.run.url}: ${r.status === "running" ? r.detail : r.reason}`;
      return again(s, t, gate.pollIntervalMs);
    }
    case "changeWindow": {
      const r = yield* activity(run.ctx, "evaluateChangeWindow", { gate, at: new Date(t).toISOString() });
      if (r.open) return settle(s, "passed", r.detail);
      if (!r.nextOpenAt) return settle(s, "failed", r.detail);
      const opens = Date.parse(r.nextOpenAt);
      if (opens > s.deadline) return settle(s, "failed", `${r.detail}; the next window opens ${r.nextOpenAt}, after the ${describeMs(gate.maxWaitMs)} limit`);
      s.detail = `${r.detail}; waiting until ${r.nextOpenAt}`;
      s.nextAt = opens;
      return;
    }
  }
}

/** A workflow_run webhook: settles the workflow gate waiting for that run, if any. */
export function onWorkflowFinished(states: GateState[], payload: WorkflowFinishedPayload): GateState | undefined {
  const s = states.find((x) => !x.outcome && x.gate.kind === "workflow" && x.run?.id === payload.runId);
  if (!s) return undefined;
  if (payload.conclusion === "success") settle(s, "passed", `run ${payload.htmlUrl} succeeded`);
  else settle(s, "failed", `run ${payload.htmlUrl} concluded ${payload.conclusion ?? "without a conclusion"}`);
  return s;
}

/** A run-state-changed service hook: settles the Azure Pipelines gate waiting for that run, if any. */
export function onAzurePipelinesRunFinished(states: GateState[], payload: AzurePipelinesRunFinishedPayload): GateState | undefined {
  const s = states.find((x) => !x.outcome && x.gate.kind === "azurePipelines" && x.wait?.on === "azurePipelinesRun" && x.wait.runId === payload.runId && x.wait.organization.toLowerCase() === payload.organization.toLowerCase());
  if (!s) return undefined;
  if (payload.result === "succeeded") settle(s, "passed", `run ${payload.webUrl} succeeded`);
  else settle(s, "failed", `run ${payload.webUrl} concluded ${payload.result ?? "without a result"}`);
  return s;
}

function settle(s: GateState, outcome: "passed" | "failed", detail: string): void {
  s.outcome = outcome;
  s.detail = detail;
}

function again(s: GateState, t: number, afterMs: number): void {
  if (t + afterMs > s.deadline) {
    settle(s, "failed", `did not pass within the deadline: ${s.detail}`);
    return;
  }
  s.nextAt = t + afterMs;
}
