// The burst of issue 13: 200 images pushed at once, for 200 pipelines that each commit their own
// file of ONE GitOps repository (stages dev, staging, prod), on a real baton-host process. Counts
// the dev commits as they land on the git server (from outside), beside a raw `git commit && git
// push` loop against the same server in the same run; every pipeline must get exactly one commit.
// The promotions then wait for Flux at dev; each run gets a fresh host, repository and tables.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startAzurite } from "../../local/azurite.js";
import { startGitServer, type GitServer } from "../../local/git/server.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { startBatonProcess } from "./batonProcess.js";
import { acrPush, FLUX_TOKEN, REGISTRY } from "./outside.js";
import { plainClone } from "./plainGit.js";
import { commitsSince, landingTimes, watchRef } from "./refWatch.js";
import type { BenchReport } from "./report.js";
import { medianRun } from "./stats.js";

// BATON_BENCH_PIPELINES and BATON_BENCH_RUNS make a smaller burst for trying the bench out.
const PIPELINES = Number(process.env.BATON_BENCH_PIPELINES ?? 200);
const RUNS = Number(process.env.BATON_BENCH_RUNS ?? 3);
const STAGES = ["dev", "staging", "prod"] as const;
/** Event Grid delivers to a webhook with this many requests in flight at most (its default is higher; the host's queue absorbs it). */
const DELIVERY_CONCURRENCY = 20;
const RAW_LOOP_COMMITS = 20;
/** The burst is over (some commits lost) when the branch did not move for this long. */
const QUIET_LIMIT_MS = 180_000;

const app = (i: number): string => `app-${String(i).padStart(3, "0")}`;
const digestFor = (run: number, i: number): string => `sha256:${(0xb0000 + run * 1000 + i).toString(16).padStart(64, "0")}`;

function overlay(name: string, stage: string): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n# ${name} overlay for ${stage}\nresources:\n  - ../../base\nimages:\n  - name: ${REGISTRY}/${name}\n    newTag: 1.0.0 # promoted by Baton\n`;
}

function files(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < PIPELINES; i++) for (const s of STAGES) out[`apps/${app(i)}/overlays/${s}/kustomization.yaml`] = overlay(app(i), s);
  return out;
}

function pipelinesYaml(repoUrl: string): string {
  const lines = ["version: 1", "defaults:", `  git: { url: "${repoUrl}", branch: main, auth: { kind: none } }`, "  readiness: { timeout: 15m }", "  onFailure: rollback", "pipelines:"];
  for (let i = 0; i < PIPELINES; i++) {
    const name = app(i);
    lines.push(
      `  - name: ${name}`,
      "    source:",
      `      image: ${REGISTRY}/${name}`,
      "      tags: { kind: any }",
      "    template:",
      "      edits:",
      `        - file: apps/${name}/overlays/{stage}/kustomization.yaml`,
      "          target: { kind: kustomize }",
      "      readiness:",
      "        objects:",
      `          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "${name}-{stage}" }`,
      "    stages:",
      ...STAGES.map((s) => `      - ${s}`),
    );
  }
  return `${lines.join("\n")}\n`;
}

interface BurstRun {
  value: number;
  baseline: number;
  firstMs: number;
  lastMs: number;
  lost: number;
  doubled: number;
  strangers: number;
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

async function burstOnce(run: number, server: GitServer, storage: string): Promise<BurstRun> {
  const repo = `burst${run}`;
  await server.createRepo(repo, files());
  await server.createRepo(`${repo}-plain`, files());
  const host = await startBatonProcess({
    AzureWebJobsStorage: storage,
    BATON_TABLE_PREFIX: `benchburst${run}`,
    BATON_PIPELINES: pipelinesYaml(server.url(repo)),
    FLUX_WEBHOOK_TOKEN: FLUX_TOKEN,
    BATON_OPS_KEYS: "bench=k-bench-operator-0123456789abcdef",
    BATON_PUBLIC_URL: "https://baton.example.com",
    BATON_ALLOW_LOOPBACK: "true",
    BATON_ALLOWED_HOSTS: "127.0.0.1 localhost",
  });
  const plain = await plainClone(server.url(`${repo}-plain`));
  const refs = await watchRef(server.gitdir(repo), "main");
  const base = refs.head;
  try {
    const raw = await plain.pushLoop(RAW_LOOP_COMMITS);
    const t0 = performance.now();
    const indexes = Array.from({ length: PIPELINES }, (_, i) => i);
    await pool(indexes, DELIVERY_CONCURRENCY, (i) => acrPush(host, app(i), `2.${run}.0`, digestFor(run, i)));
    // Wait until every pipeline's dev commit is there (or nothing moved for a long while).
    let landed = 0;
    let head = base;
    let quietSince = performance.now();
    while (landed < PIPELINES && performance.now() - quietSince < QUIET_LIMIT_MS) {
      const moved = await Promise.race([refs.next(head), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
      if (!moved) continue;
      head = moved.sha;
      quietSince = performance.now();
      landed = (await commitsSince(server.gitdir(repo), base, head)).length;
    }
    if (landed < PIPELINES) console.log(`burst run ${run}: ${landed} of ${PIPELINES} commits; ${app(0)}'s promotion is ${JSON.stringify(await host.status(promotionInstanceId(app(0), digestFor(run, 0))))}\n${host.errors()}`);
    const commits = await commitsSince(server.gitdir(repo), base, refs.head);
    const times = landingTimes(commits.map((c) => c.sha), refs.moves);
    const perPipeline = new Map<string, number>();
    let strangers = 0;
    for (const c of commits) {
      const pipeline = c.trailers["Baton-Pipeline"];
      if (!pipeline || c.trailers["Baton-Stage"] !== "dev") strangers++;
      else perPipeline.set(pipeline, (perPipeline.get(pipeline) ?? 0) + 1);
    }
    const lost = indexes.filter((i) => !perPipeline.has(app(i))).length;
    const doubled = [...perPipeline.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const first = (times[0] ?? Number.NaN) - t0;
    const last = (times.at(-1) ?? Number.NaN) - t0;
    return { value: commits.length / (last / 1000), baseline: raw, firstMs: first, lastMs: last, lost, doubled, strangers };
  } finally {
    refs.close();
    await plain.close();
    await host.dispose();
  }
}

export default async function burstBench(report: BenchReport): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "baton-bench-burst-"));
  const azurite = await startAzurite({ location: scratch, blobPort: 0, queuePort: 0, tablePort: 0, inMemory: true, silent: true });
  const server = await startGitServer();
  try {
    const result = await medianRun(RUNS, (run) => burstOnce(run, server, azurite.connectionString));
    const lost = Math.max(...result.all.map((r) => r.lost));
    const doubled = Math.max(...result.all.map((r) => r.doubled));
    const strangers = Math.max(...result.all.map((r) => r.strangers));
    report({
      name: `${PIPELINES} promotions at once, ${PIPELINES} pipelines, one repository: dev commits`,
      value: result.value,
      unit: "commits/s",
      baseline: { name: "raw git commit+push loop, same server", value: result.baseline, unit: "commits/s" },
      target: { kind: "ratio-at-least", value: 0.5 },
      checks: [
        { name: `0 lost (worst run: ${lost})`, ok: lost === 0 },
        { name: `0 doubled (worst run: ${doubled})`, ok: doubled === 0 },
        { name: `no other commits (worst run: ${strangers})`, ok: strangers === 0 },
      ],
      note: `median ratio of ${RUNS} runs; from the first push sent to the last commit landed`,
    });
    report({ name: "  time to the first commit", value: result.firstMs, unit: "ms", note: `runs: ${result.all.map((r) => r.firstMs.toFixed(0)).join(", ")} ms` });
    report({ name: "  time to the last commit", value: result.lastMs, unit: "ms", note: `runs: ${result.all.map((r) => r.lastMs.toFixed(0)).join(", ")} ms` });
  } finally {
    await server.close();
    await azurite.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
