/**
 * A stage whose policy requires approval waits for a quorum of distinct eligible people before
 * it changes anything. Votes come as `approval.vote` events (ops API now, Teams later); one vote
 * per person, a rejection by an eligible approver stops the stage, and the wait expires.
 */
import { EVENT } from "../../shared/durable/events.js";
import type { ApprovalPolicy } from "../../shared/pipelines/config/model.js";
import { after, describeMs, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import type { StageRun } from "./run.js";

export function* awaitApproval(run: StageRun, policy: ApprovalPolicy): Flow<StepEnd<string[]>> {
  const { ctx, input } = run;
  const deadline = after(ctx, policy.timeoutMs);
  const approvedBy = new Set<string>();
  for (;;) {
    run.status("awaiting-approval", `approval (${approvedBy.size} of ${policy.quorum})`, deadline);
    const waited = yield* waitForEvents(ctx, [EVENT.approvalVote, EVENT.opsCommand], deadline);
    if (waited.kind === "timeout") return failedWith(`approval expired after ${describeMs(policy.timeoutMs)} with ${approvedBy.size} of ${policy.quorum} approvals`);
    if (waited.name === EVENT.opsCommand) {
      const command = waited.payload;
      if (command.command === "abort") return abortedBy(command);
      run.ignored.push(command);
      continue;
    }
    const vote = waited.payload;
    if (vote.stage !== input.stage.name) continue;
    const eligible = policy.approvers.length === 0 || policy.approvers.includes(vote.voterId) || policy.approvers.includes(vote.voterName);
    if (!eligible || approvedBy.has(vote.voterId)) continue;
    yield* run.note(`approval/${vote.voterId}`, {
      kind: "approval.vote",
      stage: input.stage.name,
      voter: vote.voterName || vote.voterId,
      decision: vote.decision,
      ...(vote.reason ? { reason: vote.reason } : {}),
    });
    if (vote.decision === "reject") return failedWith(`rejected by ${vote.voterName || vote.voterId}${vote.reason ? `: ${vote.reason}` : ""}`);
    approvedBy.add(vote.voterId);
    if (approvedBy.size >= policy.quorum) return done([...approvedBy]);
  }
}
