/**
 * What the bot knows about the stage a card is for, read from Durable state only: the promotion
 * (must be a promotion id), the stage instance it published, that instance's custom status (the
 * step) and its input (the pinned approval policy, the image and who published it). Nothing here
 * comes from the card.
 */
import type { DurableOrchestrationStatus } from "durable-functions";
import { stageInstanceId } from "../../durable/promotionStatus.js";
import type { ApprovalPolicy } from "../../pipelines/config/model.js";
import { isLive, readStatus, type OpsDurableClient } from "../../ops/durable/opsClient.js";
import { isPromotion, promotionIdPattern } from "../../ops/durable/promotionIds.js";
import { customStatusOf } from "../../ops/durable/promotionView.js";

export interface StageView {
  promotionId: string;
  pipeline: string;
  stage: string;
  instanceId: string;
  live: boolean;
  awaitingApproval: boolean;
  deadline?: string;
  policy?: ApprovalPolicy;
  image: { name: string; tag: string; digest: string };
  edits: { file: string; where: string }[];
  /**
   * Who pushed the image or merged its change, as other systems name them (GitHub login, ACR
   * principal): the stage input's `image.publishedBy`, for separation of duties.
   */
  publishedBy: string[];
  /** The stage asked `escalateTo` after the first deadline passed (its status says so). */
  escalated: boolean;
}

/** Reads the stage; undefined when there is no such promotion or it never ran that stage. */
export async function readStageView(client: OpsDurableClient, promotionId: string, stage: string): Promise<StageView | undefined> {
  const promotion = promotionIdPattern.test(promotionId) ? await readStatus(client, promotionId) : undefined;
  if (!promotion || !isPromotion(promotion)) return undefined;
  const instanceId = stageInstanceId(promotionId, stage);
  const status = await readStatus(client, instanceId);
  if (!status) return undefined;
  const published = customStatusOf(status);
  const input = stageInputOf(status);
  return {
    promotionId,
    pipeline: input.pipeline,
    stage,
    instanceId,
    live: isLive(status),
    awaitingApproval: isLive(status) && published?.step === "awaiting-approval" && published.stage === stage,
    // orchestrations/stage/approval.ts publishes "approval (n of q) after escalation" once it escalates.
    escalated: /\bafter escalation\b/.test(published?.waitingFor ?? ""),
    ...(published?.deadline ? { deadline: published.deadline } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
    image: input.image,
    edits: input.edits,
    publishedBy: input.publishedBy,
  };
}

type StageFacts = Pick<StageView, "pipeline" | "policy" | "image" | "edits" | "publishedBy">;

/** The parts of the stage input (orchestrations/stage/run.ts StageInput) the bot needs, read defensively. */
function stageInputOf(status: DurableOrchestrationStatus): StageFacts {
  const input = (status.input ?? {}) as {
    pipeline?: { name?: unknown };
    stage?: { approval?: ApprovalPolicy; edits?: { file?: unknown; target?: { kind?: unknown } }[] };
    image?: { repository?: unknown; tag?: unknown; digest?: unknown; publishedBy?: unknown };
  };
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    pipeline: text(input.pipeline?.name),
    ...(input.stage?.approval ? { policy: input.stage.approval } : {}),
    image: { name: text(input.image?.repository), tag: text(input.image?.tag), digest: text(input.image?.digest) },
    edits: (input.stage?.edits ?? []).map((e) => ({ file: text(e.file), where: text(e.target?.kind) })),
    publishedBy: Array.isArray(input.image?.publishedBy) ? input.image.publishedBy.filter((p): p is string => typeof p === "string") : [],
  };
}
