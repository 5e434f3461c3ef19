// Lead time through Baton, measured from outside on the real host (issue 13): `baton-host` runs
// the built app in its own process on the system clock; the bench acts as ACR and as an instant
// Flux, and sees commits land on the git server. Each figure is beside a bare `git commit && git
// push` to the same server in the same run. Also the durable cost of a stage: history events,
// activities, and the replay of the promotion's last episode beside its first.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { installFunctionsCore } from "../../local/core/functionsCore.js";
import { invokeFunction, triggerOf } from "../../local/core/invoke.js";
import { loadApp } from "../../local/core/loadApp.js";
import { startAzurite } from "../../local/azurite.js";
import { orchestratorPayload } from "../../local/durable/engine.js";
import { EventType, type HistoryEvent } from "../../local/durable/history.js";
import { DEMO_STAGES, demoGitopsFiles } from "../../local/git/demo.js";
import { startGitServer } from "../../local/git/server.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { pipelinesYaml } from "../e2e/world.js";
import { repoRoot, startBatonProcess } from "./batonProcess.js";
import { acrPush, busyProxy, FLUX_TOKEN, fluxReady } from "./outside.js";
import { plainClone } from "./plainGit.js";
import { watchRef } from "./refWatch.js";
import type { BenchReport } from "./report.js";
import { median } from "./stats.js";

const MEASURED = 3; // promotions measured after one warm-up: medians of 3 runs
const PLAIN_PER_RUN = 3;

function digestOf(n: number): string {
  return `sha256:${n.toString(16).padStart(64, "0")}`;
}

interface Run {
  pushToDev: number;
  fluxToNext: number[];
  total: number;
  gitBusy: number;
  plain: number[];
}

export default async function leadTimeBench(report: BenchReport): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "baton-bench-lead-"));
  const azurite = await startAzurite({ location: scratch, blobPort: 0, queuePort: 0, tablePort: 0, inMemory: true, silent: true });
  const server = await startGitServer();
  await server.createRepo("gitops", demoGitopsFiles("1.0.0"));
  await server.createRepo("plain", demoGitopsFiles("1.0.0"));
  const proxy = await busyProxy(new URL(server.url("gitops")).origin);
  const repoUrl = `${proxy.origin}${new URL(server.url("gitops")).pathname}`;
  const host = await startBatonProcess({
    AzureWebJobsStorage: azurite.connectionString,
    BATON_TABLE_PREFIX: "benchlead",
    BATON_PIPELINES: pipelinesYaml({ repoUrl, prod: "        autoPromote: true" }),
    FLUX_WEBHOOK_TOKEN: FLUX_TOKEN,
    BATON_OPS_KEYS: "bench=k-bench-operator-0123456789abcdef",
    BATON_PUBLIC_URL: "https://baton.example.com",
    BATON_ALLOW_LOOPBACK: "true",
    BATON_ALLOWED_HOSTS: "127.0.0.1 localhost",
  });
  const plain = await plainClone(server.url("plain"));
  const refs = await watchRef(server.gitdir("gitops"), "main");
  const runs: Run[] = [];
  const digests: string[] = [];
  try {
    for (let i = 0; i <= MEASURED; i++) {
      const digest = digestOf(0xbe7c400 + i);
      const id = promotionInstanceId("orders-api", digest);
      const busyBefore = proxy.busyMs();
      const t0 = performance.now();
      let head = refs.head;
      await acrPush(host, "orders-api", `7.0.${i}`, digest);
      let moved = await refs.next(head);
      const pushToDev = moved.at - t0;
      const fluxToNext: number[] = [];
      for (const [k, stage] of DEMO_STAGES.entries()) {
        head = moved.sha;
        const t1 = performance.now();
        await fluxReady(host, `aks-${stage}`, `orders-api-${stage}`, head);
        if (k === DEMO_STAGES.length - 1) break;
        moved = await refs.next(head);
        fluxToNext.push(moved.at - t1);
      }
      const outcome = await host.waitFinished(id, 2);
      const total = performance.now() - t0;
      if (outcome !== "Completed") throw new Error(`promotion ${id} ended ${outcome}`);
      const gitBusy = proxy.busyMs() - busyBefore;
      const plainMs: number[] = [];
      for (let p = 0; p < PLAIN_PER_RUN; p++) plainMs.push(await plain.commitAndPush());
      if (i > 0) {
        runs.push({ pushToDev, fluxToNext, total, gitBusy, plain: plainMs });
        digests.push(digest);
      }
    }
  } finally {
    refs.close();
    await host.stop();
    await plain.close();
    await proxy.close();
  }

  const plainMedian = median(runs.flatMap((r) => r.plain));
  const plainBaseline = { name: "git commit && git push to the same server", value: plainMedian, unit: "ms" };
  report({
    name: "ACR push -> dev commit",
    value: median(runs.map((r) => r.pushToDev)),
    unit: "ms",
    baseline: plainBaseline,
    target: { kind: "ratio-at-most", value: 1.5 },
    note: `median of ${runs.length} promotions; baseline median of ${runs.length * PLAIN_PER_RUN}`,
  });
  report({
    name: "Flux Ready -> next stage's commit",
    value: median(runs.map((r) => median(r.fluxToNext))),
    unit: "ms",
    baseline: plainBaseline,
    target: { kind: "ratio-at-most", value: 1.5 },
    note: `median over ${runs.length} promotions of each one's median of ${DEMO_STAGES.length - 1} stage transitions`,
  });
  const own = runs.map((r) => r.total - r.gitBusy);
  report({
    name: "Baton's own time, 4-stage promotion, instant Flux, no gates",
    value: median(own),
    unit: "ms",
    baseline: { name: "time inside the git server in that promotion", value: median(runs.map((r) => r.gitBusy)), unit: "ms" },
    target: { kind: "at-most", value: 300 },
    note: `push to Completed ${median(runs.map((r) => r.total)).toFixed(0)} ms minus git server time; median of ${runs.length}`,
  });

  // The durable cost, from the host's own store.
  const histories = host.histories("promo-");
  await host.dispose();
  const stageEvents: number[] = [];
  const stageActivities: number[] = [];
  const promotionActivities: number[] = [];
  for (const digest of digests) {
    const promotion = histories.get(promotionInstanceId("orders-api", digest)) ?? [];
    promotionActivities.push(promotion.filter((e) => e.EventType === EventType.TaskScheduled).length);
    for (const stage of DEMO_STAGES) {
      const h = histories.get(stageInstanceId(promotionInstanceId("orders-api", digest), stage)) ?? [];
      stageEvents.push(h.length);
      stageActivities.push(h.filter((e) => e.EventType === EventType.TaskScheduled).length);
    }
  }
  const promotionEvents = median(digests.map((d) => (histories.get(promotionInstanceId("orders-api", d)) ?? []).length));
  report({
    name: "durable history events per stage (stage sub-orchestration)",
    value: median(stageEvents),
    unit: "events",
    baseline: { name: "the promotion orchestration, all 4 stages", value: promotionEvents, unit: "events" },
    target: { kind: "at-most", value: 30 },
  });
  const perStage = median(stageActivities) + median(promotionActivities) / DEMO_STAGES.length;
  report({
    name: "activities per stage (stage's own + its share of the promotion's)",
    value: perStage,
    unit: "activities",
    baseline: { name: "the stage orchestration's own", value: median(stageActivities), unit: "activities" },
    target: { kind: "at-most", value: 4 },
    note: `promotion orchestration: ${median(promotionActivities)} for ${DEMO_STAGES.length} stages`,
  });

  await replayFigure(report, histories.get(promotionInstanceId("orders-api", digests.at(-1) ?? "")) ?? []);
  await server.close();
  await azurite.stop();
  await rm(scratch, { recursive: true, force: true });
}

/** Replays the promotion orchestrator (the built app, through the real library) on its first episode and on its last. */
async function replayFigure(report: BenchReport, all: HistoryEvent[]): Promise<void> {
  installFunctionsCore(() => undefined);
  const app = await loadApp(repoRoot);
  const fn = app.functions.find((f) => f.metadata.name === "promotion");
  if (!fn || all.length === 0) throw new Error("promotion orchestrator or its history not found");
  const started = all.find((e) => e.EventType === EventType.ExecutionStarted) as (HistoryEvent & { Input?: string }) | undefined;
  const instance = { instanceId: "promo-bench", input: started?.Input ?? null, parentInstanceId: null };
  const firstEnd = all.findIndex((e) => e.EventType === EventType.OrchestratorCompleted);
  const first = all.slice(0, firstEnd + 1);
  const timers = { longTimerIntervalMs: 3 * 86_400_000, maximumShortTimerMs: 6 * 86_400_000 };
  const replay = async (history: HistoryEvent[], runs: number): Promise<number> => {
    const data = { json: JSON.stringify(orchestratorPayload(instance, history, true, timers)) };
    const t = performance.now();
    for (let i = 0; i < runs; i++) await invokeFunction(app, fn, { inputData: [{ name: triggerOf(fn).name, data }] }, () => undefined);
    return (performance.now() - t) / runs;
  };
  await replay(first, 50);
  await replay(all, 50);
  const pairs: { value: number; baseline: number }[] = [];
  for (let r = 0; r < 3; r++) pairs.push({ baseline: await replay(first, 200), value: await replay(all, 200) });
  pairs.sort((a, b) => a.value / a.baseline - b.value / b.baseline);
  const mid = pairs[1] ?? { value: 0, baseline: 0 };
  report({
    name: `replay of the promotion's last episode (${all.length} history events)`,
    value: mid.value,
    unit: "ms",
    baseline: { name: `its first episode (${first.length} events)`, value: mid.baseline, unit: "ms" },
    target: { kind: "ratio-at-most", value: 2 },
    note: "median ratio of 3 runs of 200 replays",
  });
}
