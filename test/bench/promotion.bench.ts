// Promotion figures: history events per stage, the replay cost of a 4-stage promotion's last
// episode beside its first, and the orchestration overhead per stage beside a bare commit.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import http from "isomorphic-git/http/node";
import { startAzurite } from "../../local/azurite.js";
import { invokeFunction, triggerOf } from "../../local/core/invoke.js";
import { orchestratorPayload } from "../../local/durable/engine.js";
import { EventType, type HistoryEvent } from "../../local/durable/history.js";
import { realTiming } from "../../shared/gitops/casRetry.js";
import { createSmartHttpWriter } from "../../shared/gitops/smartHttp/writer.js";
import { fluxReconcilesHead, gitopsFiles, pipelinesYaml, promotionId, pushImage, stageId, startBaton, digestOf, STAGES } from "../e2e/world.js";
import { startGitServer } from "../support/gitServer.js";
import type { BenchReport } from "./report.js";

export default async function promotionBench(report: BenchReport): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "baton-bench-promo-"));
  const azurite = await startAzurite({ location: scratch, blobPort: 0, queuePort: 0, tablePort: 0, inMemory: true, silent: true });
  const server = await startGitServer();
  await server.createRepo("gitops", gitopsFiles("1.0.0"));
  await server.createRepo("bare", gitopsFiles("1.0.0"));
  const host = await startBaton({
    AzureWebJobsStorage: azurite.connectionString,
    BATON_TABLE_PREFIX: "bench",
    BATON_PIPELINES: pipelinesYaml({ repoUrl: server.url("gitops"), prod: "        autoPromote: true" }),
  });
  try {
    // Bare commit: the same kind of change through the same writer, with no orchestration.
    const writer = createSmartHttpWriter({ url: server.url("bare"), author: { name: "bench", email: "bench@example.com" }, scratchRoot: scratch }, { http, timing: realTiming, now: () => new Date() });
    const bareRuns = 8;
    let t = performance.now();
    for (let i = 0; i < bareRuns; i++) {
      await writer.commit({
        branch: "main",
        edits: [{ file: "apps/orders-api/overlays/dev/kustomization.yaml", target: { kind: "kustomize" }, image: { name: "myacr.azurecr.io/orders-api", tag: `9.0.${i}` } }],
        context: { promotionId: "bench", pipeline: "orders-api", stage: "dev", image: { name: "myacr.azurecr.io/orders-api", tag: `9.0.${i}` } },
      });
    }
    const bareMs = (performance.now() - t) / bareRuns;

    // One promotion through four stages; each stage timed from the Flux report that released
    // the previous stage (or the push) until the next stage waits for Flux again.
    const digest = digestOf(0xbe7c4);
    const id = promotionId(digest);
    const perStage: number[] = [];
    t = performance.now();
    await pushImage(host, "7.0.0", digest, "2026-01-05T00:00:00Z");
    await host.settle();
    perStage.push(performance.now() - t);
    for (const stage of STAGES) {
      t = performance.now();
      await fluxReconcilesHead(host, server, stage);
      perStage.push(performance.now() - t);
    }
    const stageMs = perStage.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
    report({ name: "orchestration per stage (release -> commit -> waiting for Flux)", value: stageMs, unit: "ms", baseline: { name: "bare commit through the same writer", value: bareMs, unit: "ms" } });

    const stageEvents = STAGES.map((s) => host.history(stageId(digest, s)).length);
    const promotionEvents = host.history(id).length;
    report({ name: "history events per stage sub-orchestration (mean)", value: stageEvents.reduce((a, b) => a + b, 0) / STAGES.length, unit: "events", baseline: { name: "promotion orchestration, all 4 stages", value: promotionEvents, unit: "events" } });

    // Replay cost: invoke the promotion orchestrator on the history of its first episode and on
    // the history of its last (everything), through the real library.
    const fn = host.app.functions.find((f) => f.metadata.name === "promotion");
    const instance = host.engine.store.getInstance(id);
    if (!fn || !instance) throw new Error("promotion not found");
    const all = host.history(id);
    const firstEnd = all.findIndex((e) => e.EventType === EventType.OrchestratorCompleted);
    const first = all.slice(0, firstEnd + 1);
    const last = all; // the final episode replays everything (the library ignores ExecutionCompleted)
    const replay = async (history: HistoryEvent[], runs: number): Promise<number> => {
      const payload = orchestratorPayload(instance, history, true, { longTimerIntervalMs: 3 * 86_400_000, maximumShortTimerMs: 6 * 86_400_000 });
      const data = { json: JSON.stringify(payload) };
      const started = performance.now();
      for (let i = 0; i < runs; i++) await invokeFunction(host.app, fn, { inputData: [{ name: triggerOf(fn).name, data }] }, () => undefined);
      return (performance.now() - started) / runs;
    };
    await replay(first, 50);
    const firstMs = await replay(first, 300);
    const lastMs = await replay(last, 300);
    report({ name: `replay of the promotion's last episode (${last.length} history events)`, value: lastMs, unit: "ms", baseline: { name: `its first episode (${first.length} events)`, value: firstMs, unit: "ms" } });
  } finally {
    await host.dispose();
    await server.close();
    await azurite.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
