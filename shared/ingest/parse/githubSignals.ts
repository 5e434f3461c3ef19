import { z } from "zod";
import type { PullRequestClosed, WorkflowFinished } from "../model.js";
import { parseWith } from "./schema.js";

const repository = z.object({ full_name: z.string().min(1) });

const workflowRunCompleted = z.object({
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    workflow_id: z.number().int(),
    path: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string().min(1),
    conclusion: z.string().nullable(),
    run_attempt: z.number().int().nullish(),
    html_url: z.string(),
  }),
  repository,
});

export function workflowFinishedFrom(payload: unknown, deliveryId: string): WorkflowFinished {
  const { workflow_run: run, repository } = parseWith(workflowRunCompleted, payload, "workflow_run event");
  return {
    kind: "workflow.finished",
    repository: repository.full_name,
    workflowId: run.workflow_id,
    workflowName: run.name ?? "",
    workflowPath: run.path ?? "",
    runId: run.id,
    runAttempt: run.run_attempt ?? 1,
    headSha: run.head_sha,
    headBranch: run.head_branch ?? "",
    conclusion: run.conclusion,
    htmlUrl: run.html_url,
    deliveryId,
  };
}

const pullRequestClosed = z.object({
  pull_request: z.object({
    number: z.number().int(),
    merged: z.boolean().nullish(),
    merge_commit_sha: z.string().nullish(),
    html_url: z.string(),
    base: z.object({ ref: z.string() }),
    head: z.object({ sha: z.string() }),
  }),
  repository,
});

export function pullRequestClosedFrom(payload: unknown, deliveryId: string): PullRequestClosed {
  const { pull_request: pr, repository } = parseWith(pullRequestClosed, payload, "pull_request event");
  return {
    kind: "pull_request.closed",
    repository: repository.full_name,
    number: pr.number,
    // Closed without merging has merged: false; only true means merged (protocols.md 2.2).
    merged: pr.merged === true,
    mergeCommitSha: pr.merged === true ? (pr.merge_commit_sha ?? null) : null,
    baseRef: pr.base.ref,
    headSha: pr.head.sha,
    htmlUrl: pr.html_url,
    deliveryId,
  };
}
