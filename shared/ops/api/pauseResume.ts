import type { HttpResponseInit } from "@azure/functions";
import type { DurableOrchestrationStatus } from "durable-functions";
import { describeActor } from "../actor.js";
import type { Caller } from "../auth/roles.js";
import { readStatus, type OpsDurableClient } from "../durable/opsClient.js";
import { customStatusOf } from "../durable/promotionView.js";
import { Refusal } from "../http/refusal.js";
import { audited } from "./audited.js";
import { findPromotion } from "./findPromotion.js";
import type { OpsDeps } from "./opsDeps.js";

type Control = "pause" | "resume";

const needs: Record<Control, readonly string[]> = { pause: ["Running", "Pending"], resume: ["Suspended"] };

/**
 * Pause and resume are durable suspend and resume. Suspending a promotion does not suspend its
 * running stage sub-orchestration, so both are suspended (and resumed). The client resolves even
 * on 410 Gone, so the status is checked first to answer 409 truthfully. The orchestration never
 * sees these, so the ops API writes their timeline entry itself.
 */
export async function pauseOrResume(deps: OpsDeps, caller: Caller, id: string, control: Control, reason: string): Promise<HttpResponseInit> {
  const call = { caller, action: `promotion.${control}`, target: { kind: "promotion" as const, promotionId: id }, reason };
  const stageInstance = await audited(
    deps,
    call,
    async () => {
      const status = await findPromotion(deps.client, id);
      const current = String(status.runtimeStatus);
      if (!needs[control].includes(current)) throw new Refusal(409, `promotion ${id} is ${current}; ${control} needs ${needs[control].join(" or ")}`);
      return { stageId: await stageToo(deps.client, status, control), stage: customStatusOf(status)?.stage };
    },
    async ({ stageId, stage }, auditId) => {
      // The URL carries the reason unencoded (durable-functions 3.5): encode it here.
      const why = encodeURIComponent(reason);
      const ids = control === "pause" ? [stageId, id] : [id, stageId];
      for (const target of ids) if (target) await deps.client[control === "pause" ? "suspend" : "resume"](target, why);
      await deps.store.timeline.append({
        promotionId: id,
        entryId: `ops/${auditId}`,
        at: deps.now().toISOString(),
        entry: { kind: "ops.command", command: control, actor: describeActor(caller.actor), reason, ...(stage ? { stage } : {}) },
      });
      return stageId;
    },
  );
  return { status: 202, jsonBody: { id, command: control, ...(stageInstance ? { stageInstance } : {}) } };
}

/** The running stage instance to suspend (or resume) with the promotion, if any. */
async function stageToo(client: OpsDurableClient, promotion: DurableOrchestrationStatus, control: Control): Promise<string | undefined> {
  const stageId = customStatusOf(promotion)?.stageInstanceId;
  if (!stageId) return undefined;
  const stage = await readStatus(client, stageId);
  return stage && needs[control].includes(String(stage.runtimeStatus)) ? stageId : undefined;
}
