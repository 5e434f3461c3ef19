import type { HttpResponseInit } from "@azure/functions";
import { EVENT, type OpsCommandPayload } from "../../durable/events.js";
import type { PromotionStep } from "../../durable/promotionStatus.js";
import { describeActor } from "../actor.js";
import type { Caller } from "../auth/roles.js";
import { commandTarget } from "../durable/commandTarget.js";
import { isLive } from "../durable/opsClient.js";
import { Refusal } from "../http/refusal.js";
import { audited } from "./audited.js";
import { findPromotion } from "./findPromotion.js";
import type { OpsDeps } from "./opsDeps.js";

export type StageCommand = Exclude<OpsCommandPayload["command"], "release">;

/**
 * The steps a promotion must have published for a command to make sense (promotionStatus.ts).
 * Refusing early matters: an event raised to an instance that does not wait for it stays buffered
 * and would be taken by a later, unrelated wait. A running gate can be skipped directly.
 */
const requiredStep: Record<StageCommand, PromotionStep[] | undefined> = {
  retry: ["paused"],
  skip: ["paused", "gates"],
  rollback: ["paused"],
  promote: ["awaiting-promote"],
  abort: undefined,
};

export interface CommandRequest {
  command: StageCommand;
  reason: string;
  stage?: string;
  gate?: string;
}

/** POST /api/promotions/{id}/retry|skip|rollback|abort|promote: an `ops.command` to where it is heard. */
export async function sendCommand(deps: OpsDeps, caller: Caller, id: string, request: CommandRequest): Promise<HttpResponseInit> {
  const call = { caller, action: `promotion.${request.command}`, target: { kind: "promotion" as const, promotionId: id }, reason: request.reason };
  const target = await audited(
    deps,
    call,
    async () => {
      const status = await findPromotion(deps.client, id);
      if (!isLive(status)) throw new Refusal(409, `promotion ${id} is ${String(status.runtimeStatus)}`);
      const target = await commandTarget(deps.client, status);
      const published = target.published;
      const steps = requiredStep[request.command];
      if (steps && !steps.some((s) => s === published?.step)) {
        throw new Refusal(409, `${request.command} needs the promotion to be ${steps.join(" or ")}; it is ${published?.step ?? "not reporting a step yet"}`);
      }
      if (request.command === "skip" && published?.step === "gates") {
        const running = published.gates ?? [];
        if (!request.gate) throw new Refusal(409, `skip during gates needs the gate to skip; running: ${running.join(", ") || "none"}`);
        if (!running.includes(request.gate)) throw new Refusal(409, `gate ${request.gate} is not running; running: ${running.join(", ") || "none"}`);
      }
      if (request.stage && published?.stage && request.stage !== published.stage) {
        throw new Refusal(409, `promotion ${id} is at stage ${published.stage}, not ${request.stage}`);
      }
      return { instanceId: target.instanceId, promotionId: status.instanceId, stage: request.stage ?? published?.stage };
    },
    async ({ instanceId, promotionId, stage }) => {
      const payload: OpsCommandPayload = {
        command: request.command,
        ...(stage ? { stage } : {}),
        ...(request.gate ? { gate: request.gate } : {}),
        actor: describeActor(caller.actor),
        reason: request.reason,
        at: deps.now().toISOString(),
      };
      await deps.client.raiseEvent(instanceId, EVENT.opsCommand, payload);
      // A stage that finishes between the status read above and this event never reads it (an
      // event to a finished instance is dropped), and the promotion would go on. So an abort also
      // goes to the promotion, which keeps it for its next boundary and stops there; when the
      // stage does take it, the promotion ends with that stage and the copy is never read.
      if (request.command === "abort" && instanceId !== promotionId) await deps.client.raiseEvent(promotionId, EVENT.opsCommand, payload);
      return instanceId;
    },
    ({ instanceId }) => `sent to ${instanceId}`,
  );
  return { status: 202, jsonBody: { id, command: request.command, deliveredTo: target } };
}
