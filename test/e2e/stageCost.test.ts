// What a stage costs the durable runtime (issue 13): each activity is a queue round trip on Azure,
// and every history event is replayed at every later step. Counted through the real runtime on a
// four-stage promotion with instant Flux and no gates, the shape `npm run bench -- promotion` measures.
import { beforeAll, describe, expect, it } from "vitest";
import { EventType, type HistoryEvent } from "../../local/durable/history.js";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, promotionId, pushImage, stageId, statusOf, STAGES, useBatonWorld } from "./world.js";

const MAX_ACTIVITIES_PER_STAGE = 4;
const MAX_EVENTS_PER_STAGE = 30;
/** A promotion generation: the boundary (holds), one stage, the end. */
const MAX_PROMOTION_EVENTS = 20;

const world = useBatonWorld({ tablePrefix: "e2ecost", pipelines: { prod: "        autoPromote: true" } });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

function activities(history: HistoryEvent[]): string[] {
  return history.filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.Name ?? "");
}

describe("a stage's cost in the durable runtime", { timeout: 240_000 }, () => {
  const digest = digestOf(0xc057);

  it(`takes at most ${MAX_ACTIVITIES_PER_STAGE} activities and ${MAX_EVENTS_PER_STAGE} history events per stage`, async () => {
    expect((await pushImage(host, "3.1.0", digest, "2026-01-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    for (const stage of STAGES) await fluxReconcilesHead(host, server, stage);
    expect((await statusOf(host, promotionId(digest))).output).toMatchObject({ outcome: "succeeded" });

    const perStage = STAGES.map((stage) => {
      const history = host.history(stageId(digest, stage));
      return { stage, activities: activities(history), events: history.length };
    });
    for (const s of perStage) {
      expect(s.activities, `${s.stage}: ${s.activities.join(", ")}`).toHaveLength(Math.min(s.activities.length, MAX_ACTIVITIES_PER_STAGE));
      expect(s.events, `${s.stage} history events`).toBeLessThanOrEqual(MAX_EVENTS_PER_STAGE);
    }
    // The way in with the commit (no approval), and the way out; Flux Ready at the commit is judged
    // in the orchestrator. Nothing else on the happy path.
    for (const s of perStage) expect(s.activities, s.stage).toEqual(["commitStage", "leaveStage"]);
  });

  it("keeps the promotion's history to one stage: it continues as new after each stage, so its replay cost stays flat", () => {
    const history = host.history(promotionId(digest));
    // The last generation only: started with what the earlier ones carried over, one stage, the end.
    expect(history.filter((e) => e.EventType === EventType.ExecutionStarted)).toHaveLength(1);
    expect(history.filter((e) => e.EventType === EventType.SubOrchestrationInstanceCreated).map((e) => e.InstanceId)).toEqual([stageId(digest, "prod")]);
    expect(history.length).toBeLessThanOrEqual(MAX_PROMOTION_EVENTS);
  });
});
