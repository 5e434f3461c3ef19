/** What every step of a stage works with: its input, its clock, its status and its timeline. */
import type { OrchestrationContext } from "durable-functions";
import type { PromotionBundle } from "../../shared/bundles/model.js";
import type { Hold, StageRef } from "../../shared/durable/activityContracts.js";
import type { OpsCommandPayload } from "../../shared/durable/events.js";
import type { PromotionStatus, PromotionStep, StageOutcome } from "../../shared/durable/promotionStatus.js";
import type { TimelineEntry, TimelineInput } from "../../shared/durable/timeline.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { PinnedPipeline, StageConfig } from "../../shared/pipelines/config/model.js";
import { activity, keepNote, now, type Flow } from "../flow.js";

export interface StageInput {
  promotionId: string;
  pipeline: { name: string; supersede: PinnedPipeline["supersede"] };
  stage: StageConfig;
  image: ImagePublished;
  bundle?: PromotionBundle;
  stagesDone: PromotionStatus["stages"];
  /**
   * What the stage does for its promotion on its way out (absent from stages started before):
   * `last`, whether it is the pipeline's last stage. When the promotion ends with this stage, the
   * stage records the promotion's end on the timeline; when it goes on, the way out reads the
   * holds the next stage boundary must respect.
   */
  handOver?: { last: boolean };
  /** Timeline entries the promotion kept: they ride along with the stage's first activity. */
  notes?: TimelineInput[];
}

/** A stage's result: its outcome, and what its way out did for the promotion. */
export type StageEnd = StageOutcome & {
  /** The active holds when the stage left (only when the promotion goes on to the next stage). */
  holds?: Hold[];
  /** The stage recorded the promotion's end (promotionEnd.ts) with its way out. */
  promotionFinished?: true;
};

export interface StageRun {
  ctx: OrchestrationContext;
  input: StageInput;
  ref: StageRef;
  instanceId: string;
  /** Publishes where the stage is; `since` is now. */
  status(step: PromotionStep, waitingFor?: string, deadline?: Date, gates?: string[]): void;
  /**
   * Appends to the promotion's timeline with the stage's next activity (or before its next wait);
   * `key` must be unique within the stage.
   */
  note(key: string, entry: TimelineEntry): Flow<void>;
  /** The timeline entry id of `key` in this attempt (for an entry an activity records itself). */
  noteId(key: string): string;
  /** Ops commands that arrived while the stage could not act on them (recorded, not lost). */
  ignored: OpsCommandPayload[];
  /** Counts retries of a failed step, so a retried step's timeline entries are new entries. */
  attempt: number;
  /** Tells the stage's Teams Workflows webhook, if it has one (best effort, never fails the stage). */
  notify(title: string, facts: { title: string; value: string }[]): Flow<void>;
}

export function stageRun(ctx: OrchestrationContext, input: StageInput): StageRun {
  const instanceId = ctx.df.instanceId;
  const ref: StageRef = { promotionId: input.promotionId, pipeline: input.pipeline.name, stage: input.stage, image: input.image, ...(input.bundle ? { bundle: input.bundle } : {}) };
  return {
    ctx,
    input,
    ref,
    instanceId,
    ignored: [],
    attempt: 0,
    status(step, waitingFor, deadline, gates) {
      const status: PromotionStatus = {
        promotionId: input.promotionId,
        pipeline: input.pipeline.name,
        image: { repository: input.image.repository, tag: input.image.tag, digest: input.image.digest },
        stage: input.stage.name,
        stageInstanceId: instanceId,
        step,
        ...(waitingFor ? { waitingFor } : {}),
        since: now(ctx).toISOString(),
        ...(deadline ? { deadline: deadline.toISOString() } : {}),
        ...(gates ? { gates } : {}),
        stages: input.stagesDone,
      };
      ctx.df.setCustomStatus(status);
    },
    *notify(title, facts) {
      const target = input.stage.notify;
      if (!target) return;
      const image = `${input.image.registry}/${input.image.repository}:${input.image.tag}`;
      yield* activity(ctx, "notifyTeams", {
        webhookSecret: target.workflowWebhookSecret,
        title,
        facts: [{ title: "Pipeline", value: input.pipeline.name }, { title: "Stage", value: input.stage.name }, { title: "Image", value: image }, ...facts],
      });
    },
    // eslint-disable-next-line require-yield -- a Flow like every step, though the note only waits for the next activity
    *note(key, entry) {
      keepNote(ctx, { promotionId: input.promotionId, entryId: this.noteId(key), at: now(ctx).toISOString(), entry });
    },
    noteId(key) {
      return `${input.stage.name}/${this.attempt}/${key}`;
    },
  };
}

/**
 * One lock per pipeline, repository, branch and stage: promotions of one pipeline queue or
 * supersede each other there, while other pipelines (even in the same repository) never wait.
 */
export function lockKeyOf(pipeline: string, stage: StageConfig): string {
  const repo = stage.repository.provider === "github" ? `github:${stage.repository.repository}` : `git:${stage.repository.url}`;
  return `${pipeline}@${repo}#${stage.repository.branch}#${stage.name}`;
}
