/**
 * A stage whose policy requires approval waits for a quorum of distinct eligible people before it
 * changes anything. Votes arrive as `approval.vote` events (Teams card or ops API); each is checked
 * again here (eligibility, groups, separation of duties), so a vote that slipped past a door still
 * counts for nothing. One vote per person; a rejection by an eligible approver stops the stage; on
 * expiry the stage is rejected or the approval escalates once. The Teams card follows every vote.
 */
import type { CommitEvidence, PostedCard } from "../../shared/durable/activityContracts.js";
import { EVENT } from "../../shared/durable/events.js";
import type { ApprovalPolicy } from "../../shared/pipelines/config/model.js";
import type { StepResult } from "../../shared/steps/result.js";
import type { ApprovalCardModel } from "../../shared/teams/cards/model.js";
import { activity, after, describeMs, now, waitForEvents, type Flow } from "../flow.js";
import { abortedBy, done, failedWith, type StepEnd } from "./ends.js";
import type { StageRun } from "./run.js";

/** `runsNow`: what the stage runs now (read when the lock was taken), for the card. */
export function* awaitApproval(run: StageRun, policy: ApprovalPolicy, runsNow: StepResult<CommitEvidence["previous"]> | undefined): Flow<StepEnd<string[]>> {
  const { ctx, input } = run;
  let current = policy;
  let escalated = false;
  let deadline = after(ctx, policy.timeoutMs);
  const approvedBy = new Set<string>();
  const voted = new Set<string>();
  const card = cardModel(run, policy, deadline, runsNow);
  const posted = policy.teams ? yield* activity(ctx, "postApprovalCard", { policy, card }) : null;
  const show = function* (state: ApprovalCardModel["state"]): Flow<void> {
    card.state = state;
    card.policy = { quorum: current.quorum, approvers: current.approvers, expiresAt: deadline.toISOString() };
    if (posted) yield* updateCard(run, posted, card);
  };
  for (;;) {
    run.status("awaiting-approval", `approval (${approvedBy.size} of ${current.quorum})${escalated ? " after escalation" : ""}`, deadline);
    const waited = yield* waitForEvents(ctx, [EVENT.approvalVote, EVENT.opsCommand], deadline);
    if (waited.kind === "timeout") {
      if (current.onExpiry === "escalate" && !escalated) {
        escalated = true;
        current = { ...current, approvers: current.escalateTo };
        deadline = after(ctx, policy.timeoutMs);
        yield* run.note("approval/escalated", { kind: "ops.command", stage: input.stage.name, command: "approval escalated", actor: "baton", reason: `no quorum within ${describeMs(policy.timeoutMs)}: asking ${current.approvers.join(", ")}` });
        yield* show("open");
        continue;
      }
      yield* show("expired");
      return failedWith(`approval expired after ${describeMs(policy.timeoutMs)} with ${approvedBy.size} of ${current.quorum} approvals`);
    }
    if (waited.name === EVENT.opsCommand) {
      if (waited.payload.command === "abort") {
        yield* show(waited.payload.supersededBy ? "superseded" : "rejected");
        return abortedBy(waited.payload);
      }
      run.ignored.push(waited.payload);
      continue;
    }
    const vote = waited.payload;
    if (vote.stage !== input.stage.name) continue;
    const voter = vote.voterName || vote.voterId;
    if (voted.has(vote.voterId)) {
      yield* run.note(`approval/${vote.voterId}/again/${now(ctx).toISOString()}`, { kind: "approval.vote", stage: input.stage.name, voter, decision: `refused: already voted` });
      continue;
    }
    const check = yield* activity(ctx, "checkApprover", {
      policy: current,
      voter: { id: vote.voterId, ...(vote.voterName.includes("@") ? { upn: vote.voterName } : {}) },
      publishedBy: input.image.publishedBy ?? [],
    });
    if (!check.eligible) {
      yield* run.note(`approval/${vote.voterId}/refused/${now(ctx).toISOString()}`, { kind: "approval.vote", stage: input.stage.name, voter, decision: `refused: ${check.reason}` });
      continue;
    }
    voted.add(vote.voterId);
    yield* run.note(`approval/${vote.voterId}`, { kind: "approval.vote", stage: input.stage.name, voter, decision: vote.decision, ...(vote.reason ? { reason: vote.reason } : {}) });
    card.votes.push({ voter, decision: vote.decision, ...(vote.reason ? { comment: vote.reason } : {}), at: vote.at });
    if (vote.decision === "reject") {
      yield* show("rejected");
      return failedWith(`rejected by ${voter}${vote.reason ? `: ${vote.reason}` : ""}`);
    }
    approvedBy.add(vote.voterId);
    if (approvedBy.size >= current.quorum) {
      yield* show("approved");
      return done([...approvedBy]);
    }
    yield* show("open");
  }
}

function* updateCard(run: StageRun, posted: PostedCard, card: ApprovalCardModel): Flow<void> {
  // Best effort: a card that cannot be refreshed must not block or fail the approval.
  try {
    yield* activity(run.ctx, "updateApprovalCard", { posted, card });
  } catch {
    /* the vote already counted; the card catches up on the next update */
  }
}

/** What the card shows: the stage's change as it will be committed, the policy and its expiry. */
function cardModel(run: StageRun, policy: ApprovalPolicy, deadline: Date, runsNow: StepResult<CommitEvidence["previous"]> | undefined): ApprovalCardModel {
  const { input } = run;
  const previous: CommitEvidence["previous"] = runsNow?.status === "succeeded" ? runsNow.value : [];
  const version = `${input.image.tag}@${input.image.digest}`;
  return {
    promotionId: input.promotionId,
    pipeline: input.pipeline.name,
    stage: input.stage.name,
    image: { name: `${input.image.registry}/${input.image.repository}`, tag: input.image.tag, digest: input.image.digest },
    changes: input.stage.edits.map((e) => {
      const before = previous.find((p) => p.file === e.file);
      const from = before ? [before.tag, before.digest].filter(Boolean).join("@") : undefined;
      return { file: e.file, where: e.target.kind, ...(from ? { from } : {}), to: version };
    }),
    gates: [],
    links: { timeline: "" },
    policy: { quorum: policy.quorum, approvers: policy.approvers, expiresAt: deadline.toISOString() },
    votes: [],
    state: "open",
  };
}
