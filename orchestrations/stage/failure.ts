/**
 * What a stage does when a step fails, per its policy: roll back (commit the version the stage
 * ran before, wait until it is Ready, then fail), pause for an operator (retry, skip, roll back
 * or abort, with a deadline), or abort.
 */
import type { CommitEvidence } from "../../shared/durable/activityContracts.js";
import { EVENT, type OpsCommandPayload } from "../../shared/durable/events.js";
import type { StageOutcome } from "../../shared/durable/promotionStatus.js";
import { after, describeMs, waitForEvents, type Flow } from "../flow.js";
import { commitChange } from "./commit.js";
import { restoredChartSubject } from "../../shared/readiness/chartRelease.js";
import { awaitReady } from "./readiness.js";
import type { StageRun } from "./run.js";

export type FailureDecision = { next: "retry" } | { next: "skip"; command: OpsCommandPayload } | { next: "end"; outcome: StageOutcome };

export function* onStepFailure(run: StageRun, reason: string, committed: CommitEvidence | undefined): Flow<FailureDecision> {
  const { ctx, input } = run;
  const policy = input.stage.onFailure;
  let action: "rollback" | "abort" = policy.action === "pause" ? policy.onTimeout : policy.action;
  if (policy.action === "pause") {
    const deadline = after(ctx, policy.timeoutMs);
    for (;;) {
      run.status("paused", `an operator (retry, skip, rollback or abort) after: ${reason}`, deadline);
      const waited = yield* waitForEvents(ctx, [EVENT.opsCommand], deadline);
      if (waited.kind === "timeout") {
        yield* run.note("pause-expired", { kind: "ops.command", stage: input.stage.name, command: `pause expired after ${describeMs(policy.timeoutMs)}: ${policy.onTimeout}`, actor: "baton", reason });
        break;
      }
      const command = waited.payload;
      if (command.stage && command.stage !== input.stage.name) {
        run.ignored.push(command);
        continue;
      }
      yield* run.note(`ops/${command.command}`, { kind: "ops.command", stage: input.stage.name, command: command.command, actor: command.actor, reason: command.reason });
      if (command.command === "retry") return { next: "retry" };
      if (command.command === "skip") return { next: "skip", command };
      if (command.command === "rollback" || command.command === "abort") {
        action = command.command;
        break;
      }
      run.ignored.push(command);
    }
  }
  if (action === "abort" || !committed || !committed.changed) {
    return { next: "end", outcome: { outcome: "failed", reason, rolledBack: false, ...(committed ? { commit: committed.commit } : {}) } };
  }
  return { next: "end", outcome: yield* rollBack(run, reason, committed) };
}

function* rollBack(run: StageRun, reason: string, committed: CommitEvidence): Flow<StageOutcome> {
  const rollback = yield* commitChange(run, "rollback", committed.previous);
  if (rollback.kind !== "done") {
    const why = rollback.kind === "failed" ? rollback.reason : `aborted by ${rollback.command.actor}`;
    return { outcome: "failed", reason: `${reason}; rollback did not complete: ${why}`, rolledBack: false, commit: committed.commit };
  }
  // A chart's HelmRelease is judged by the chart version it runs: after a rollback, the restored one.
  const restored = restoredChartSubject(run.ref.image, committed.previous);
  const judged = restored ? { ...run, ref: { ...run.ref, image: restored } } : run;
  const ready = yield* awaitReady(judged, rollback.value.evidence.commit, run.input.stage.readiness.timeoutMs, rollback.value.watched);
  const settled = ready.kind === "done" ? "" : `; the rolled-back version is not Ready yet: ${ready.kind === "failed" ? ready.reason : "aborted"} (within ${describeMs(run.input.stage.readiness.timeoutMs)})`;
  return { outcome: "failed", reason: `${reason}${settled}`, rolledBack: true, commit: rollback.value.evidence.commit };
}
