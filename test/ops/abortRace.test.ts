// An abort sent to a running stage that finishes before it reads the event: durable drops events
// raised to a finished instance, so the ops API also sends an abort to the promotion, which stops
// at its next boundary (orchestrations/promotion.ts, abortArrived). The race is played by a
// Durable client whose stage finishes between the API's status read and the event; the real
// promotion's side (an abort waiting in its inbox stops it after a stage that succeeded) is
// the last test of test/e2e/ops.test.ts.
import type { DurableOrchestrationStatus } from "durable-functions";
import { describe, expect, it } from "vitest";
import type { OpsCommandPayload } from "../../shared/durable/events.js";
import { EVENT } from "../../shared/durable/events.js";
import { ORCHESTRATOR } from "../../shared/durable/names.js";
import { stageInstanceId, type PromotionStep } from "../../shared/durable/promotionStatus.js";
import { sendCommand, type StageCommand } from "../../shared/ops/api/sendCommand.js";
import type { OpsDeps } from "../../shared/ops/api/opsDeps.js";
import { MemoryAuditLog } from "../../shared/ops/audit/memoryAuditLog.js";
import type { OpsDurableClient } from "../../shared/ops/durable/opsClient.js";
import { MemoryHoldStore } from "../../shared/ops/holds/memoryHoldStore.js";
import { MemoryTimelineStore } from "../../shared/ops/timeline/memoryTimelineStore.js";

const PROMOTION = "promo-orders-sha256-0123456789ab";
const STAGE = stageInstanceId(PROMOTION, "dev");
const OPERATOR = { actor: { id: "11111111-aaaa-4bbb-8ccc-000000000001", name: "olga@contoso.example", via: "principal" as const }, roles: new Set(["operator" as const]) };

/**
 * A promotion in stage dev whose stage instance publishes `step`. With `finishesFirst` the stage
 * finishes after the API read its status and before the event reaches it.
 */
function durable(step: PromotionStep, finishesFirst: boolean) {
  const raised: { instanceId: string; payload: OpsCommandPayload }[] = [];
  let stageStatus = "Running";
  const status = (instanceId: string, name: string, runtimeStatus: string, customStatus: unknown) =>
    ({ instanceId, name, runtimeStatus, customStatus, input: {} }) as unknown as DurableOrchestrationStatus;
  const client = {
    getStatus: (instanceId: string) =>
      Promise.resolve(
        instanceId === PROMOTION
          ? status(PROMOTION, ORCHESTRATOR.promotion, "Running", { promotionId: PROMOTION, step: "in-stage", stage: "dev", stageInstanceId: STAGE })
          : status(STAGE, ORCHESTRATOR.stage, stageStatus, { promotionId: PROMOTION, step, stage: "dev", ...(step === "gates" ? { gates: ["soak"] } : {}) }),
      ),
    raiseEvent: (instanceId: string, name: string, payload: unknown) => {
      expect(name).toBe(EVENT.opsCommand);
      if (instanceId === STAGE && finishesFirst) stageStatus = "Completed";
      // Durable accepts an event for a finished instance and drops it: record only what a live instance gets.
      if (instanceId !== STAGE || stageStatus === "Running") raised.push({ instanceId, payload: payload as OpsCommandPayload });
      return Promise.resolve();
    },
  } as unknown as OpsDurableClient;
  const deps = {
    client,
    store: { audit: new MemoryAuditLog(), holds: new MemoryHoldStore(), timeline: new MemoryTimelineStore() },
    now: () => new Date("2026-12-03T05:00:00Z"),
    newId: (() => {
      let n = 0;
      return () => `audit-${++n}`;
    })(),
  } as unknown as OpsDeps;
  return { deps, raised };
}

const send = (deps: OpsDeps, command: StageCommand, extra: { gate?: string } = {}) => sendCommand(deps, OPERATOR, PROMOTION, { command, reason: "bad build, stop it", ...extra });

describe("an abort racing the end of its stage", () => {
  it("still reaches the promotion when the stage finishes before reading it", async () => {
    const { deps, raised } = durable("gates", true);
    expect((await send(deps, "abort")).status).toBe(202);
    expect(raised.map((r) => [r.instanceId, r.payload.command, r.payload.reason])).toEqual([[PROMOTION, "abort", "bad build, stop it"]]);
  });

  it("goes to the stage, which takes it, and a copy to the promotion, which never reads it once the stage ends the promotion", async () => {
    const { deps, raised } = durable("gates", false);
    expect((await send(deps, "abort")).jsonBody).toMatchObject({ deliveredTo: STAGE });
    expect(raised.map((r) => r.instanceId)).toEqual([STAGE, PROMOTION]);
    expect(raised[1]!.payload).toEqual(raised[0]!.payload);
  });

  it("sends the stage's own commands (retry, skip) to the stage only: the promotion has no use for them", async () => {
    const paused = durable("paused", false);
    expect((await send(paused.deps, "retry")).status).toBe(202);
    const gates = durable("gates", false);
    expect((await send(gates.deps, "skip", { gate: "soak" })).status).toBe(202);
    expect([...paused.raised, ...gates.raised].map((r) => [r.instanceId, r.payload.command])).toEqual([
      [STAGE, "retry"],
      [STAGE, "skip"],
    ]);
  });
});
