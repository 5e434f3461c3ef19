/**
 * Azure DevOps service hook notifications (Web Hooks consumer, resource version 1.0 for pull
 * requests, 5.1-preview.1 for pipeline runs) as Baton's signals. Only what a waiting stage needs:
 * - `git.pullrequest.merged` and `git.pullrequest.updated` whose pull request is `completed` or
 *   `abandoned` close the PR wait (`pr.closed`), keyed by the canonical Azure Repos URL;
 * - `ms.vss-pipelines.run-state-changed-event` with the run `completed` releases the Azure
 *   Pipelines gate waiting for that run.
 * - `git.push` announces a pushed branch (`parseGitPush`): the door lets the pipelines watch re-read
 *   a pipelines file kept on that branch; it starts and signals nothing.
 * Everything else well-formed is ignored: Azure DevOps disables a subscription whose deliveries
 * keep failing, so an event type Baton has no use for must not be answered with an error.
 */
import { z } from "zod";
import { canonicalReposUrl } from "../../azureDevOps/reposUrl.js";
import { organizationOf } from "../../azureDevOps/organization.js";
import { Rejection } from "../http/rejection.js";
import type { AzurePipelinesRunFinished, PullRequestClosed } from "../model.js";
import { ignored, parseWith, type Ignored } from "./schema.js";

export const PULL_REQUEST_EVENTS = ["git.pullrequest.merged", "git.pullrequest.updated"] as const;
export const RUN_STATE_CHANGED = "ms.vss-pipelines.run-state-changed-event";
export const GIT_PUSH = "git.push";

const envelope = z.object({
  // The event's id: the same on every retry of a notification, the dedupe key.
  id: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
  resource: z.unknown(),
});

const commit = z.object({ commitId: z.string().min(1) }).nullish();

const pullRequest = z.object({
  pullRequestId: z.number().int().positive(),
  status: z.string(),
  targetRefName: z.string().default(""),
  repository: z.object({ remoteUrl: z.string().min(1) }),
  lastMergeCommit: commit,
  lastMergeSourceCommit: commit,
  _links: z.object({ web: z.object({ href: z.string() }).nullish() }).nullish(),
});

const link = z.object({ href: z.string() }).nullish();
const runStateChanged = z.object({
  run: z.object({
    id: z.number().int().positive(),
    state: z.string(),
    result: z.string().nullish(),
    url: z.string().nullish(),
    _links: z.object({ self: link, web: link }).nullish(),
  }),
  pipeline: z.object({ id: z.number().int().positive() }),
});

const gitPush = z.object({
  refUpdates: z.array(z.object({ name: z.string().min(1), newObjectId: z.string().nullish() })).max(1000),
  repository: z.object({ remoteUrl: z.string().min(1) }),
});

/** A push as the pipelines watch needs it: the canonical repository URL and the refs it moved. */
export interface GitPush {
  repository: string;
  refs: string[];
}

/** The `git.push` resource (Code pushed); 400 when it lacks the repository or the ref updates. */
export function parseGitPush(resource: unknown): GitPush {
  const push = parseWith(gitPush, resource, `${GIT_PUSH} resource`);
  let repository: string;
  try {
    repository = canonicalReposUrl(push.repository.remoteUrl);
  } catch (error) {
    throw new Rejection(400, `invalid ${GIT_PUSH} resource: repository.remoteUrl: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { repository, refs: push.refUpdates.map((r) => r.name) };
}

export type ServiceHookEvent = PullRequestClosed | AzurePipelinesRunFinished | Ignored;

/** The envelope's id and type, checked first so even an ignored event has a dedupe key. */
export function serviceHookEnvelope(payload: unknown): { id: string; eventType: string; resource: unknown } {
  return parseWith(envelope, payload, "service hook notification");
}

export function parseServiceHook(notification: { id: string; eventType: string; resource: unknown }): ServiceHookEvent {
  const { id, eventType, resource } = notification;
  if ((PULL_REQUEST_EVENTS as readonly string[]).includes(eventType)) return pullRequestClosed(resource, id, eventType);
  if (eventType === RUN_STATE_CHANGED) return runFinished(resource, id);
  return ignored(`event type ${eventType} is not one Baton acts on (${[...PULL_REQUEST_EVENTS, RUN_STATE_CHANGED].join(", ")})`);
}

function pullRequestClosed(resource: unknown, deliveryId: string, eventType: string): PullRequestClosed | Ignored {
  const pr = parseWith(pullRequest, resource, `${eventType} resource`);
  // A merge attempt that hit conflicts, a vote or a push leaves the pull request active.
  if (pr.status !== "completed" && pr.status !== "abandoned") return ignored(`pull request ${pr.pullRequestId} is ${pr.status}, not completed or abandoned`);
  let repository: string;
  try {
    repository = canonicalReposUrl(pr.repository.remoteUrl);
  } catch (error) {
    throw new Rejection(400, `invalid ${eventType} resource: repository.remoteUrl: ${error instanceof Error ? error.message : String(error)}`);
  }
  const merged = pr.status === "completed";
  return {
    kind: "pull_request.closed",
    repository,
    number: pr.pullRequestId,
    merged,
    mergeCommitSha: merged ? (pr.lastMergeCommit?.commitId ?? null) : null,
    baseRef: pr.targetRefName.replace(/^refs\/heads\//, ""),
    headSha: pr.lastMergeSourceCommit?.commitId ?? "",
    htmlUrl: pr._links?.web?.href ?? `${repository}/pullrequest/${pr.pullRequestId}`,
    deliveryId,
  };
}

function runFinished(resource: unknown, deliveryId: string): AzurePipelinesRunFinished | Ignored {
  const { run, pipeline } = parseWith(runStateChanged, resource, `${RUN_STATE_CHANGED} resource`);
  if (run.state !== "completed") return ignored(`run ${run.id} is ${run.state}, not completed`);
  const apiUrl = run.url ?? run._links?.self?.href ?? "";
  const organization = organizationOf(apiUrl);
  if (!organization) throw new Rejection(400, `invalid ${RUN_STATE_CHANGED} resource: run.url: expected the run's REST URL (https://dev.azure.com/{organization}/…)`);
  return {
    kind: "azurePipelines.run.finished",
    organization,
    pipelineId: pipeline.id,
    runId: run.id,
    result: run.result ?? null,
    webUrl: run._links?.web?.href ?? apiUrl,
    deliveryId,
  };
}
