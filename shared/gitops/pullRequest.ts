import { commitSubject, type PromotionContext } from "./commitMessage.js";
import type { FieldChange } from "./edit.js";
import { GitOpsError } from "./errors.js";
import type { CommitRequest } from "./writer.js";

/** How the pull request should look and behave. */
export interface PullRequestOptions {
  labels?: string[];
  /** Enable GitHub auto-merge with this method (requires auto-merge allowed on the repository). */
  autoMerge?: "MERGE" | "SQUASH" | "REBASE";
  /** Azure Repos auto-complete: delete the promotion branch once merged (default true). */
  deleteSourceBranch?: boolean;
  /** Shown in the body: build, release notes, the promotion in Baton. */
  links?: { title: string; url: string }[];
}

/** `branch` is the base branch the pull request targets. */
export interface PullRequestRequest extends CommitRequest {
  pullRequest?: PullRequestOptions;
}

/** `unchanged`: the base already holds the values, so there is nothing to review. */
export type PullRequestResult =
  | { status: "opened" | "existing"; number: number; url: string; head: string; commit: string }
  | { status: "unchanged"; commit: string };

/** Where a pull request stands. Closed without merge is not a state: it is a terminal failure. */
export type PullRequestState = { state: "open" } | { state: "merged"; mergeCommit: string };

export interface PullRequestWriter {
  /** Pushes the promotion branch and opens (or finds) its pull request. Safe to retry. */
  open(request: PullRequestRequest): Promise<PullRequestResult>;
  state(number: number): Promise<PullRequestState>;
}

/** Branch name from pipeline, stage and version: the same promotion always uses the same branch. */
export function pullRequestBranch(context: PromotionContext): string {
  const version = context.image.tag ?? context.image.digest?.replace(":", "-").slice(0, 19) ?? "latest";
  const clean = (part: string): string => part.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.{2,}/g, ".").replace(/^[.-]+|[.-]+$/g, "") || "x";
  return `baton/${clean(context.pipeline)}/${clean(context.stage)}/${clean(version)}`;
}

/** A body a reviewer can act on: what image, which digest, exactly which values move, links. */
export function pullRequestBody(context: PromotionContext, changes: readonly FieldChange[], options: PullRequestOptions = {}): string {
  const { image } = context;
  const rows = changes.map((c) => `| \`${c.file}\` line ${c.line} | \`${c.where}\` | \`${c.from ?? "(added)"}\` | \`${c.to}\` |`);
  return [
    `Baton promotes **${image.name}** to stage **${context.stage}** of pipeline **${context.pipeline}**.`,
    "",
    `- Tag: ${image.tag ? `\`${image.tag}\`` : "(none)"}`,
    `- Digest: ${image.digest ? `\`${image.digest}\`` : "(none: tag only)"}`,
    `- Promotion: \`${context.promotionId}\``,
    "",
    "| File | Value | From | To |",
    "|---|---|---|---|",
    ...rows,
    ...(options.links?.length ? ["", ...options.links.map((l) => `- [${l.title}](${l.url})`)] : []),
    "",
    "Merging this pull request promotes the image; closing it without merging stops the promotion.",
  ].join("\n");
}

export function pullRequestTitle(context: PromotionContext): string {
  return commitSubject(context);
}

/** The outcome carried by a `pull_request` `closed` webhook (protocols.md: merged only if `merged === true`). */
export function pullRequestOutcome(event: { number: number; merged: boolean; merge_commit_sha: string | null }): PullRequestState {
  if (event.merged && event.merge_commit_sha) return { state: "merged", mergeCommit: event.merge_commit_sha };
  throw new GitOpsError("pull-request-closed", `Pull request #${event.number} was closed without merging; the promotion stops here.`);
}
