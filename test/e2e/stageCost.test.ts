// What a stage costs the durable runtime (issue 13): each activity is a queue round trip on Azure,
// and every history event is replayed at every later step. Counted through the real runtime on a
// four-stage promotion with instant Flux and no gates, the shape `npm run bench -- promotion` measures.
import { beforeAll, describe, expect, it } from "vitest";
import { EventType, eventTypeName, type HistoryEvent } from "../../local/durable/history.js";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, promotionId, pushImage, stageId, statusOf, STAGES, useBatonWorld } from "./world.js";

const MAX_ACTIVITIES_PER_STAGE = 4;
const MAX_EVENTS_PER_STAGE = 30;
/** A promotion generation: the boundary (holds), one stage, the end. */
const MAX_PROMOTION_EVENTS = 20;
/**
 * Flux Ready at one stage -> the next stage's commit (issue 13): the stage's way out (leaveStage),
 * then the next stage's way in with its commit (commitStage); the verdict on the report, the
 * holds at the boundary and the promotion's bookkeeping cost no activity of their own.
 */
const READY_TO_COMMIT_ACTIVITIES = ["leaveStage", "commitStage"];
/**
 * Episodes (orchestrator invocations; a queue message each on Azure) on that path: the stage that
 * got Ready (the report judged and its way out scheduled; its end), the promotion (continue as
 * new; the next generation's start, which starts the next stage: its look for an abort needs no
 * timer in a first episode without one), and the next stage (the commit, in its first episode).
 */
const READY_TO_COMMIT_EPISODES = 5;

const world = useBatonWorld({ tablePrefix: "e2ecost", pipelines: { prod: "        autoPromote: true" } });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

/** Episodes that ran from `from` on: each begins with OrchestratorStarted. */
function episodes(history: HistoryEvent[], from = 0): number {
  return history.slice(from).filter((e) => e.EventType === EventType.OrchestratorStarted).length;
}

/** The episode that handled the last `name` event: from its OrchestratorStarted on. */
function episodeOf(history: HistoryEvent[], name: string): number {
  const at = history.findLastIndex((e) => e.EventType === EventType.EventRaised && e.Name === name);
  return history.slice(0, at).findLastIndex((e) => e.EventType === EventType.OrchestratorStarted);
}

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

  it(`goes from Flux Ready at a stage to the next stage's commit in ${READY_TO_COMMIT_ACTIVITIES.length} activities and ${READY_TO_COMMIT_EPISODES} episodes`, () => {
    const promotion = host.history(promotionId(digest));
    const show = (h: HistoryEvent[]) => h.map((e) => `${eventTypeName[e.EventType]}${e.Name ? ` ${e.Name}` : ""}`).join(", ");
    // The stage that got Ready (staging; every stage runs the same code): from the episode that took the report to its end.
    const ready = host.history(stageId(digest, "staging"));
    const tail = ready.slice(episodeOf(ready, "flux.ready"));
    // The promotion between two stages, seen in its last generation (the same code, up to continue-as-new):
    // its end after the stage, and its start up to the next stage.
    const completed = promotion.findIndex((e) => e.EventType === EventType.SubOrchestrationInstanceCompleted);
    const handOff = promotion.slice(promotion.slice(0, completed).findLastIndex((e) => e.EventType === EventType.OrchestratorStarted));
    const created = promotion.findIndex((e) => e.EventType === EventType.SubOrchestrationInstanceCreated);
    const start = promotion.slice(0, created);
    // The next stage, up to the commit it scheduled.
    const next = host.history(stageId(digest, "prod"));
    const upToCommit = next.slice(0, next.findIndex((e) => e.EventType === EventType.TaskScheduled && e.Name === "commitStage") + 1);
    expect(upToCommit.length, show(next)).toBeGreaterThan(0);

    expect([...activities(tail), ...activities(handOff), ...activities(start), ...activities(upToCommit)], `${show(tail)} | ${show(promotion)} | ${show(upToCommit)}`).toEqual(READY_TO_COMMIT_ACTIVITIES);
    expect(episodes(tail) + episodes(handOff) + episodes(start) + episodes(upToCommit), `${show(tail)} | ${show(promotion)} | ${show(upToCommit)}`).toBe(READY_TO_COMMIT_EPISODES);
  });

  it("keeps the promotion's history to one stage: it continues as new after each stage, so its replay cost stays flat", () => {
    const history = host.history(promotionId(digest));
    // The last generation only: started with what the earlier ones carried over, one stage, the end.
    expect(history.filter((e) => e.EventType === EventType.ExecutionStarted)).toHaveLength(1);
    expect(history.filter((e) => e.EventType === EventType.SubOrchestrationInstanceCreated).map((e) => e.InstanceId)).toEqual([stageId(digest, "prod")]);
    expect(history.length).toBeLessThanOrEqual(MAX_PROMOTION_EVENTS);
    // No activity of its own: the holds came with the last stage's way out, and so did its end on the timeline.
    expect(activities(history)).toEqual([]);
  });
});
