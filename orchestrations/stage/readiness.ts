/**
 * Waits until every Flux object of the stage is Ready at the promoted commit (or a later commit
 * that contains it). Event-driven through the routed Flux events, with polling as the fallback
 * for lost events, and one deadline for the whole wait. A failure at our revision ends the wait
 * at once with Flux's reason.
 */
import type { ActivityInput, ReadyEvidence } from "../../shared/durable/activityContracts.js";
import { EVENT } from "../../shared/durable/events.js";
import type { WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import type { FluxObjectRef } from "../../shared/pipelines/config/model.js";
import { nextPollDelayMs } from "../../shared/readiness/polling.js";
import type { StepResult } from "../../shared/steps/result.js";
import type { FluxReport } from "../../shared/store/ports.js";
import { activity, after, describeMs, keepUnsubscribe, now, shortSha, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import { judgeReportWithoutGit } from "./fluxVerdict.js";
import type { StageRun } from "./run.js";

/**
 * Ready evidence with the time Baton observed it (the orchestration's clock). Gates count from
 * `observedAt`, never from the reporter's own timestamp: a delayed, replayed or back-dated report
 * must not shorten a soak, and an observation always comes after Baton's commit.
 */
export type ObservedReady = ReadyEvidence & { observedAt: string };

/** The signal router's key for a readiness object's reports. */
export function fluxWait(object: FluxObjectRef): WaitFor {
  return { on: "flux", cluster: object.cluster, objectKind: object.kind, namespace: object.namespace, name: object.name };
}

/**
 * `watched`: the objects were subscribed with the commit (their last reports, in order), so the
 * wait needs no subscribe step of its own. Unsubscribing rides along with the stage's next step.
 */
export function* awaitReady(run: StageRun, commit: string, timeoutMs: number, watched?: (FluxReport | null)[]): Flow<StepEnd<ObservedReady[]>> {
  const deadline = after(run.ctx, timeoutMs);
  const evidence: ObservedReady[] = [];
  const objects = run.input.stage.readiness.objects;
  for (const [i, object] of objects.entries()) {
    const ready = yield* awaitObject(run, object, commit, deadline, timeoutMs, watched && watched.length === objects.length ? { last: watched[i] ?? null } : undefined);
    if (ready.kind !== "done") return ready;
    evidence.push(ready.value);
  }
  return done(evidence);
}

function* awaitObject(run: StageRun, object: FluxObjectRef, commit: string, deadline: Date, timeoutMs: number, watched?: { last: FluxReport | null }): Flow<StepEnd<ObservedReady>> {
  const { ctx, input } = run;
  const wait = fluxWait(object);
  const what = `${object.kind} ${object.namespace}/${object.name} on ${object.cluster} Ready at ${shortSha(commit)}`;
  const started = now(ctx).getTime();
  let lastSeen = "nothing reported yet";
  let eventsSeen = false;
  const last = watched ? watched.last : yield* activity(ctx, "subscribeSignal", { instanceId: run.instanceId, wait });
  try {
    if (last) {
      const verdict = yield* judgeReport(run, { ...run.ref, object, commit, report: last });
      const settled = yield* settle(run, verdict, object);
      if (settled) return settled;
      lastSeen = verdict.status === "running" ? verdict.detail : lastSeen;
    }
    for (;;) {
      if (now(ctx) >= deadline) return failedWith(`timed out after ${describeMs(timeoutMs)} waiting for ${what}; last seen: ${lastSeen}`);
      const observe = input.stage.readiness.observe;
      const pollAt = observe ? after(ctx, nextPollDelayMs({ waitedMs: now(ctx).getTime() - started, eventsFlowing: eventsSeen })) : deadline;
      const wake = pollAt < deadline ? pollAt : deadline;
      run.status("awaiting-ready", what, deadline);
      const waited = yield* waitForEvents(ctx, [EVENT.fluxReady, EVENT.fluxFailed, EVENT.opsCommand], wake);
      let verdict: StepResult<ReadyEvidence> | undefined;
      if (waited.kind === "timeout") {
        if (!observe || now(ctx) >= deadline) continue;
        verdict = yield* activity(ctx, "pollReadiness", { ...run.ref, object, commit });
      } else if (waited.name === EVENT.opsCommand) {
        if (waited.payload.command === "abort") return abortedBy(waited.payload);
        run.ignored.push(waited.payload);
        continue;
      } else {
        const report = waited.payload;
        if (report.cluster !== object.cluster || report.name !== object.name || report.namespace !== object.namespace || report.objectKind !== object.kind) continue;
        eventsSeen = true;
        const outcome = waited.name === EVENT.fluxReady ? "ready" : "failed";
        verdict = yield* judgeReport(run, { ...run.ref, object, commit, report: { ...report, outcome } });
      }
      const settled = yield* settle(run, verdict, object);
      if (settled) return settled;
      lastSeen = verdict.status === "running" ? verdict.detail : verdict.status === "errored" ? verdict.reason : lastSeen;
    }
  } finally {
    keepUnsubscribe(ctx, run.instanceId, wait);
  }
}

/** Judged here when no git question is needed (fluxVerdict.ts), by the activity otherwise. */
function* judgeReport(run: StageRun, input: ActivityInput<"judgeFluxReport">): Flow<StepResult<ReadyEvidence>> {
  return judgeReportWithoutGit(input) ?? (yield* activity(run.ctx, "judgeFluxReport", input));
}

function* settle(run: StageRun, verdict: StepResult<ReadyEvidence>, object: FluxObjectRef): Flow<StepEnd<ObservedReady> | undefined> {
  const name = `${object.kind} ${object.namespace}/${object.name}`;
  if (verdict.status === "succeeded") {
    const e = { ...verdict.value, observedAt: now(run.ctx).toISOString() };
    yield* run.note(`ready/${object.cluster}/${object.namespace}/${object.name}/${e.revision}`, {
      kind: "flux.observed",
      stage: run.input.stage.name,
      object: name,
      revision: e.revision,
      outcome: "ready",
      via: e.via,
    });
    return done(e);
  }
  if (verdict.status === "failed") return failedWith(`${name} failed: ${verdict.reason}`);
  return undefined;
}
