/**
 * The commit of a stage (or of its rollback): one activity writes every edit in one commit, or
 * opens a pull request and the stage waits for it to be merged. A PR closed without merge is a
 * terminal failure (GitOps writer contract).
 */
import type { ActivityOutput, CommitEvidence, CommitStageInput, LockResult } from "../../shared/durable/activityContracts.js";
import { canonicalReposUrl } from "../../shared/azureDevOps/reposUrl.js";
import { EVENT } from "../../shared/durable/events.js";
import type { WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import type { FluxReport } from "../../shared/store/ports.js";
import { activity, after, describeMs, keepUnsubscribe, now, shortSha, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import { fluxWait } from "./readiness.js";
import { lockKeyOf, type StageRun } from "./run.js";

/** A commit, and for a direct commit the last reports of the stage's readiness objects (already subscribed). */
export interface Committed {
  evidence: CommitEvidence;
  watched?: (FluxReport | null)[];
}

export function* commitChange(run: StageRun, mode: "promote" | "rollback", rollbackTo?: CommitEvidence["previous"]): Flow<StepEnd<Committed>> {
  let output: ActivityOutput<"commitStage">;
  try {
    output = yield* commitActivity(run, mode, rollbackTo);
  } catch (error) {
    // Transient failures were already retried with backoff; what reaches here is exhausted.
    return failedWith(`${mode === "promote" ? "commit" : "rollback commit"} failed after retries: ${firstLine(error)}`);
  }
  // Only a commit that is also the stage's way in can find the lock taken.
  if (output.kind === "locked") return failedWith(`stage lock held by ${output.lock.holder}`);
  return yield* settleCommit(run, mode, output);
}

/** How a stage without approval starts: the lock, then at once the commit, in one step. */
export type Entered =
  | { kind: "entered"; commit: StepEnd<Committed> }
  | { kind: "locked"; lock: Extract<LockResult, { acquired: false }> }
  /** The step failed after its retries: whether it took the lock is unknown; take it the slow way. */
  | { kind: "unknown" };

export function* enterAndCommit(run: StageRun): Flow<Entered> {
  const { input } = run;
  let output: ActivityOutput<"commitStage">;
  try {
    output = yield* commitActivity(run, "promote", undefined, { publishedAt: input.image.publishedAt, supersede: input.pipeline.supersede });
  } catch {
    return { kind: "unknown" };
  }
  if (output.kind === "locked") return output;
  if (output.kind === "committed" && output.lock?.superseded) {
    yield* run.note("supersedes", { kind: "ops.command", stage: input.stage.name, command: `superseded ${output.lock.superseded}`, actor: "baton", reason: "a newer image took the stage" });
  }
  return { kind: "entered", commit: yield* settleCommit(run, "promote", output) };
}

function* commitActivity(run: StageRun, mode: "promote" | "rollback", rollbackTo?: CommitEvidence["previous"], enter?: CommitStageInput["enter"]): Flow<ActivityOutput<"commitStage">> {
  const { ctx, input } = run;
  const { stage } = input;
  run.status(mode === "promote" ? "committing" : "rolling-back", `commit to ${describeRepository(run)}`);
  // A direct commit brings what follows it into the same activity: the lock mark before it (from
  // then on a newer image queues behind this promotion instead of superseding it), reading what
  // the stage ran (for rollback), the timeline entry, the readiness subscriptions and the nudge.
  const direct = !(stage.writeMode === "pull-request" && mode === "promote");
  return yield* activity(ctx, "commitStage", {
    ...run.ref,
    mode,
    ...(rollbackTo ? { rollbackTo } : {}),
    ...(mode === "promote" ? { markLock: lockKeyOf(input.pipeline.name, stage) } : {}),
    ...(enter ? { enter } : {}),
    note: { entryId: run.noteId(`${mode}/commit`), at: now(ctx).toISOString(), repository: describeRepository(run) },
    ...(direct ? { watch: { instanceId: run.instanceId, waits: stage.readiness.objects.map(fluxWait) }, nudge: true } : {}),
  });
}

function* settleCommit(run: StageRun, mode: "promote" | "rollback", output: Exclude<ActivityOutput<"commitStage">, { kind: "locked" }>): Flow<StepEnd<Committed>> {
  const { ctx, input } = run;
  const { stage } = input;
  if (output.kind === "superseded") {
    // A newer image took the lock before this stage committed: stand down without committing.
    const by = output.holder ?? "a newer promotion";
    return abortedBy({ command: "abort", stage: stage.name, supersededBy: by, actor: "baton", reason: `superseded by ${by}, a newer image`, at: now(ctx).toISOString() });
  }
  const result = output.result;
  if (result.status === "failed" || result.status === "errored") return failedWith(`${mode === "promote" ? "commit" : "rollback commit"} failed: ${result.reason}`);
  if (result.status === "running") return failedWith(`commit did not finish: ${result.detail}`);
  const evidence = result.value;
  const pr = evidence.pullRequest;
  if (!pr) return done({ evidence, watched: output.reports });
  yield* run.note(`${mode}/pull-request`, { kind: "pull-request", stage: stage.name, number: pr.number, url: pr.url });
  const merged = yield* awaitMerge(run, pr.number);
  if (merged.kind !== "done") return merged;
  evidence.commit = merged.value;
  yield* run.note(`${mode}/commit`, {
    kind: mode === "promote" ? "commit" : "rollback",
    stage: stage.name,
    commit: evidence.commit,
    changed: evidence.changed,
    repository: describeRepository(run),
    changes: evidence.changes.map((c) => ({ file: c.file, where: c.where, ...(c.from !== undefined ? { from: c.from } : {}), to: c.to })),
  });
  return done({ evidence });
}

function* awaitMerge(run: StageRun, number: number): Flow<StepEnd<string>> {
  const { ctx, input } = run;
  const ref = input.stage.repository;
  // Azure Repos: the service hook door keys its pr.closed on the canonical URL, so the wait does too.
  const repository = ref.provider === "github" ? ref.repository : ref.provider === "azure-devops" ? canonicalReposUrl(ref.url) : ref.url;
  const timeoutMs = input.stage.pullRequest?.timeoutMs ?? 7 * 86_400_000;
  const deadline = after(ctx, timeoutMs);
  // Azure Repos is also polled, in case no service hook is configured or a delivery is lost.
  const pollMs = ref.provider === "azure-devops" ? (input.stage.pullRequest?.pollIntervalMs ?? 60_000) : undefined;
  const wait: WaitFor = { on: "pr", repository, number };
  yield* activity(ctx, "subscribeSignal", { instanceId: run.instanceId, wait });
  try {
    for (;;) {
      run.status("awaiting-merge", `pull request #${number} merged`, deadline);
      const nextPoll = pollMs === undefined ? deadline : new Date(Math.min(deadline.getTime(), after(ctx, pollMs).getTime()));
      const waited = yield* waitForEvents(ctx, [EVENT.prClosed, EVENT.opsCommand], nextPoll);
      if (waited.kind === "timeout" && nextPoll.getTime() < deadline.getTime()) {
        const polled = yield* activity(ctx, "pullRequestState", { stage: input.stage, number });
        if (polled.status === "succeeded") return done(polled.value.mergeCommit);
        if (polled.status === "failed") return failedWith(polled.reason);
        continue;
      }
      if (waited.kind === "timeout") return failedWith(`pull request #${number} was not merged within ${describeMs(timeoutMs)}`);
      if (waited.name === EVENT.opsCommand) {
        if (waited.payload.command === "abort") return abortedBy(waited.payload);
        run.ignored.push(waited.payload);
        continue;
      }
      if (waited.payload.number !== number) continue;
      if (!waited.payload.merged || !waited.payload.mergeCommitSha) return failedWith(`pull request #${number} was closed without merge`);
      return done(waited.payload.mergeCommitSha);
    }
  } finally {
    keepUnsubscribe(ctx, run.instanceId, wait);
  }
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function describeRepository(run: StageRun): string {
  const r = run.input.stage.repository;
  return `${r.provider === "github" ? r.repository : r.url}@${r.branch}`;
}

export function describeCommit(evidence: CommitEvidence): string {
  return `${shortSha(evidence.commit)}${evidence.changed ? "" : " (already there)"}`;
}
