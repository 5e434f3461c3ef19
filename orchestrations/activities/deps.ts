/**
 * What the promotion activities need from the world, each behind a small interface: real
 * adapters come from `compose.ts`, tests pass fakes (house style 2: factories receive clients).
 */
import type { TokenCredential } from "@azure/identity";
import type { LogsQueryClientOptions } from "@azure/monitor-query-logs";
import type { SecretSource } from "../../shared/config/secrets.js";
import type { TeamsActivityDeps } from "../../shared/teams/composition/teamsActivities.js";
import type { Hold } from "../../shared/durable/activityContracts.js";
import type { EventName, EventPayloads } from "../../shared/durable/events.js";
import type { TimelineInput } from "../../shared/durable/timeline.js";
import type { GitWriter } from "../../shared/gitops/writer.js";
import type { PullRequestWriter } from "../../shared/gitops/pullRequest.js";
import type { SignalRouter } from "../../shared/ingest/intake/signalRouter.js";
import type { StageLockStore } from "../../shared/locks/stageLocks.js";
import type { ObserveConfig, PinnedPipeline, RepositoryRef } from "../../shared/pipelines/config/model.js";
import type { CommitAncestry } from "../../shared/readiness/ancestry.js";
import type { ReadinessSource } from "../../shared/readiness/source.js";

export interface RepositoryAccess {
  writer: GitWriter;
  ancestry: CommitAncestry;
  /** Only where the provider supports pull requests (GitHub). */
  pullRequests?: PullRequestWriter;
}

export interface PipelineSource {
  /** The pipeline as the configuration says now, fully expanded; undefined when it no longer exists. */
  pin(name: string): Promise<PinnedPipeline | undefined>;
}

export interface HoldReader {
  active(pipeline: string): Promise<Hold[]>;
}

export interface TimelineWriter {
  /** Idempotent on (promotionId, entryId), in order; one storage write for a step's entries. */
  append(inputs: readonly TimelineInput[]): Promise<void>;
}

/** Raises an event on an instance; "gone" when it has finished. */
export type RaiseEvent = <E extends EventName>(instanceId: string, event: E, payload: EventPayloads[E]) => Promise<"delivered" | "gone">;

export interface ActivityDeps {
  pipelines: PipelineSource;
  holds: HoldReader;
  timeline: TimelineWriter;
  locks: StageLockStore;
  signals: Pick<SignalRouter, "subscribe" | "unsubscribe">;
  repository(ref: RepositoryRef): Promise<RepositoryAccess>;
  /** A polling source for these clusters, as the stage's `observe` configuration says. */
  observer(config: ObserveConfig, clusters: string[]): Promise<ReadinessSource>;
  secrets: SecretSource;
  fetch: typeof fetch;
  now: () => Date;
  /** Azure access for gates (Log Analytics): DefaultAzureCredential in production. */
  azureCredential: TokenCredential;
  /** Log Analytics client options (a sovereign-cloud endpoint; a loopback fake in tests). */
  logQueryClientOptions?: LogsQueryClientOptions;
  /** GitHub write pacing for workflow dispatches; only a local fake may turn it off. */
  githubThrottle?: boolean;
  /** Graph group lookups and the Bot Connector, from the Teams bot's registration. */
  teams: TeamsActivityDeps;
  /** Where people read a promotion (links on cards). */
  promotionUrl(promotionId: string): string;
}
