// Commits per second through each GitOps writer, 1 and 20 concurrent writers, beside a plain
// `git commit && git push` loop against the same local git http-backend in the same run.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import http from "isomorphic-git/http/node";
import { BranchQueue } from "../../shared/gitops/branchQueue.js";
import { realTiming, type RetryPolicy } from "../../shared/gitops/casRetry.js";
import { createGitHubClient } from "../../shared/gitops/github/client.js";
import { createGitHubWriter } from "../../shared/gitops/github/writer.js";
import { WarmRepositories } from "../../shared/gitops/smartHttp/warmRepositories.js";
import { createSmartHttpWriter } from "../../shared/gitops/smartHttp/writer.js";
import type { CommitRequest, GitWriter } from "../../shared/gitops/writer.js";
import { startFakeGitHub } from "../support/fakeGitHub/index.js";
import { startGitServer } from "../support/gitServer.js";
import { context, gitopsFiles, stages, valuesEdit, kustomizeEdit } from "../gitops/writerFixtures.js";
import type { BenchFigure, BenchReport } from "./report.js";

const run = promisify(execFile);
const sequential = 10;
const retry: RetryPolicy = { attempts: 40, baseDelayMs: 20, maxDelayMs: 500 };

/** Plain git: clone once, then commit and push in a loop. The ceiling a writer is compared with. */
async function plainGitLoop(url: string, commits: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "baton-bench-clone-"));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" };
  try {
    await run("git", ["clone", "--quiet", "--depth", "1", url, dir], { env });
    const start = performance.now();
    for (let i = 0; i < commits; i++) {
      await writeFile(join(dir, "bench.txt"), `${i}\n`);
      await run("git", ["-C", dir, "add", "bench.txt"], { env });
      await run("git", ["-C", dir, "commit", "--quiet", "-m", `bench ${i}`], { env });
      await run("git", ["-C", dir, "push", "--quiet", "origin", "HEAD:main"], { env });
    }
    return commits / ((performance.now() - start) / 1000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The GitOps layout plus filler manifests, so the repository holds `total` files. */
function filesOfSize(total: number): Record<string, string> {
  const files = gitopsFiles();
  for (let i = Object.keys(files).length; i < total; i++) files[`apps/filler/f${Math.floor(i / 100)}/m${i}.yaml`] = `kind: ConfigMap\nmetadata:\n  name: m${i}\ndata:\n  n: "${i}"\n`;
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Milliseconds per `git commit && git push` from an existing clone (median of `commits`). */
async function plainCommitCost(url: string, commits: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "baton-bench-cost-"));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" };
  try {
    await run("git", ["clone", "--quiet", url, dir], { env });
    const times: number[] = [];
    for (let i = 0; i < commits; i++) {
      const start = performance.now();
      await writeFile(join(dir, "apps/web/values.yaml"), `# plain ${i}\n`);
      await run("git", ["-C", dir, "commit", "--quiet", "-am", `bench ${i}`], { env });
      await run("git", ["-C", dir, "push", "--quiet", "origin", "HEAD:main"], { env });
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Milliseconds per warm writer commit (median of `commits`, after one warm-up commit). */
async function writerCommitCost(url: string, scratchRoot: string, commits: number): Promise<number> {
  const warm = new WarmRepositories(join(scratchRoot, `cost-${Date.now()}`));
  const writer = createSmartHttpWriter({ url, author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry }, { http, timing: realTiming, now: () => new Date(), warm });
  await writer.commit({ branch: "main", edits: [valuesEdit("stage0", "0.0.1")], context: context("stage0", "0.0.1") });
  const times: number[] = [];
  for (let i = 0; i < commits; i++) {
    const start = performance.now();
    await writer.commit({ branch: "main", edits: [valuesEdit("stage0", `0.1.${i}`)], context: context("stage0", `0.1.${i}`) });
    times.push(performance.now() - start);
  }
  return median(times);
}

function jobs(round: string, count: number): CommitRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const stage = stages[i % stages.length] ?? "stage0";
    const tag = `${round}.${i}.0`;
    const edit = i < stages.length ? valuesEdit(stage, tag) : kustomizeEdit(stage, tag);
    return { branch: "main", edits: [edit], context: context(stage, tag) };
  });
}

async function rate(makeWriter: () => GitWriter, round: string, concurrency: 1 | 20): Promise<number> {
  const work = jobs(round, concurrency === 1 ? sequential : 20);
  const start = performance.now();
  if (concurrency === 1) {
    const writer = makeWriter();
    for (const job of work) await writer.commit(job);
  } else {
    // Settled, not all: a writer that gives up must not leave the others writing into a
    // scratch directory that is being removed; it is counted and reported instead.
    const settled = await Promise.allSettled(work.map((job) => makeWriter().commit(job)));
    const failed = settled.filter((s) => s.status === "rejected");
    if (failed.length > 0) {
      const reason = failed[0]?.status === "rejected" && failed[0].reason instanceof Error ? failed[0].reason.message : "unknown";
      throw new Error(`${failed.length} of ${work.length} writers gave up (round ${round}): ${reason}`);
    }
  }
  return work.length / ((performance.now() - start) / 1000);
}

/** A figure whose round may fail (racing writers give up after their retries): said, not fatal. */
async function tryReport(report: BenchReport, figure: Omit<BenchFigure, "value">, measure: () => Promise<number>): Promise<void> {
  try {
    report({ ...figure, value: await measure() });
  } catch (error) {
    console.log(`${figure.name}: not measured: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export default async function (report: BenchReport): Promise<void> {
  const server = await startGitServer();
  const github = await startFakeGitHub({ token: "bench-token" });
  const scratchRoot = await mkdtemp(join(tmpdir(), "baton-bench-"));
  try {
    await server.createRepo("plain", gitopsFiles());
    const baseline = { name: "plain git commit+push loop", value: await plainGitLoop(server.url("plain"), 20), unit: "commits/s" };
    report({ ...baseline, name: "baseline: plain git commit+push (git http-backend)" });

    // Commit cost must not grow with the repository (issue 13): 10 and 1,000 files, each beside a
    // plain `git commit && git push` from an existing clone of a same-sized repository.
    for (const size of [10, 1_000]) {
      await server.createRepo(`plain-${size}`, filesOfSize(size));
      await server.createRepo(`warm-${size}`, filesOfSize(size));
      const plain = { name: `git commit && git push, ${size} files`, value: await plainCommitCost(server.url(`plain-${size}`), 9), unit: "ms/commit" };
      report({ name: `smart-HTTP writer (warm), ${size} files`, value: await writerCommitCost(server.url(`warm-${size}`), scratchRoot, 9), unit: "ms/commit", baseline: plain });
    }

    await server.createRepo("gitops", gitopsFiles());
    // In production one BranchQueue per host is injected into every writer; across hosts CAS decides.
    const queue = new BranchQueue();
    const smartConfig = { url: server.url("gitops"), author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry };
    // One host's writers share its warm repositories: same-branch commits are batched (one push).
    const hostWarm = new WarmRepositories(join(scratchRoot, "host"));
    const smart = (): GitWriter => createSmartHttpWriter(smartConfig, { http, timing: realTiming, now: () => new Date(), warm: hostWarm });
    const smartRacing = (): GitWriter => createSmartHttpWriter(smartConfig, { http, timing: realTiming, now: () => new Date(), warm: new WarmRepositories(join(scratchRoot, `host-${Math.random()}`)) });
    report({ name: "smart-HTTP writer, 1 writer", value: await rate(smart, "1", 1), unit: "commits/s", baseline });
    report({ name: "smart-HTTP writer, 20 concurrent writers (one host, batched)", value: await rate(smart, "2", 20), unit: "commits/s", baseline });
    await tryReport(report, { name: "smart-HTTP writer, 20 concurrent writers racing (as 20 hosts: CAS + retry only)", unit: "commits/s", baseline }, () => rate(smartRacing, "3", 20));

    await github.createRepo("acme", "gitops", gitopsFiles());
    const octokit = createGitHubClient({ auth: { kind: "token", token: "bench-token" }, baseUrl: github.baseUrl, throttle: false });
    const viaApi = (): GitWriter => createGitHubWriter({ owner: "acme", repo: "gitops", retry }, { octokit, timing: realTiming, now: () => new Date(), queue });
    report({ name: "GitHub writer (OpenAPI-validated fake on a bare repo), 1 writer", value: await rate(viaApi, "1", 1), unit: "commits/s", baseline });
    report({ name: "GitHub writer (fake), 20 concurrent writers (one host, shared BranchQueue)", value: await rate(viaApi, "2", 20), unit: "commits/s", baseline });
    if (github.violations.length > 0) throw new Error(`fake GitHub saw OpenAPI violations: ${github.violations.join("; ")}`);
  } finally {
    await Promise.all([server.close(), github.close(), rm(scratchRoot, { recursive: true, force: true, maxRetries: 3 })]);
  }
}
