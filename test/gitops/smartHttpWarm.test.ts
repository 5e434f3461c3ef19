// Issue 13: the smart-HTTP writer keeps repository state warm and batches concurrent commits to
// one branch, against the real git http-backend. Two WarmRepositories stand for two host
// processes: they race through compare-and-swap on the ref; no commit is lost or doubled.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEdits } from "../../shared/gitops/applyEdits.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { createSmartHttpWriter, type SmartHttpWriterConfig } from "../../shared/gitops/smartHttp/writer.js";
import { WarmRepositories } from "../../shared/gitops/smartHttp/warmRepositories.js";
import type { CommitRequest } from "../../shared/gitops/writer.js";
import { commitMessages, git, resolveRef, showFile } from "../support/bareRepo.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { context, fixedClock, gitopsFiles, instantTiming, interceptHttp, kustomizeEdit, valuesEdit } from "./writerFixtures.js";

let server: GitServer;
let scratchRoot: string;
let repoCount = 0;

beforeAll(async () => {
  server = await startGitServer();
  scratchRoot = await mkdtemp(join(tmpdir(), "baton-warm-test-"));
});
afterAll(async () => {
  await server.close();
  await rm(scratchRoot, { recursive: true, force: true });
});

async function newRepo(): Promise<{ gitdir: string; config: SmartHttpWriterConfig }> {
  const name = `warm${++repoCount}`;
  const gitdir = await server.createRepo(name, gitopsFiles());
  return { gitdir, config: { url: server.url(name), author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry: { attempts: 40, baseDelayMs: 1, maxDelayMs: 5 } } };
}

const job = (stage: string, tag: string, kind: "values" | "kustomize"): CommitRequest => ({
  branch: "main",
  edits: [kind === "values" ? valuesEdit(stage, tag) : kustomizeEdit(stage, tag)],
  context: context(stage, tag, kind === "values" ? "acme/web" : "acme/api"),
});

/** What the files must say after `jobs`, whatever order they land in (each touches its own value). */
async function expectedFiles(jobs: CommitRequest[]): Promise<Map<string, string>> {
  const files = new Map(Object.entries(gitopsFiles()));
  for (const j of jobs) {
    const result = await applyEdits((path) => Promise.resolve(files.get(path)), j.edits);
    for (const [path, text] of result.files) files.set(path, text);
  }
  return files;
}

describe("warm smart-HTTP writer against a real git http-backend", () => {
  it("batches concurrent commits of one host: one commit per promotion with exact trailers, fewer pushes", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    let pushes = 0;
    const counting = interceptHttp(http, (url) => {
      if (url.endsWith("/git-receive-pack")) pushes++;
      return Promise.resolve();
    });
    const warm = new WarmRepositories(join(scratchRoot, "host-a"));
    const jobs = ["stage0", "stage1", "stage2", "stage3", "stage4"].map((s, i) => job(s, `4.${i}.0`, "values"));
    const results = await Promise.all(jobs.map((j) => createSmartHttpWriter(config, { http: counting, timing: instantTiming, now: fixedClock, warm }).commit(j)));
    expect(results.every((r) => r.status === "committed")).toBe(true);
    expect(pushes).toBeLessThan(jobs.length);
    // Each promotion's commit is its own, in arrival order, each the parent of the next.
    const log = (await git(gitdir, ["log", "--format=%H %P", `${before}..main`])).trim().split("\n").reverse();
    expect(log.map((l) => l.split(" ")[0])).toEqual(results.map((r) => r.commit));
    expect(log.map((l) => l.split(" ")[1])).toEqual([before, ...results.slice(0, -1).map((r) => r.commit)]);
    const messages = (await commitMessages(gitdir, `${before}..main`)).reverse();
    expect(messages.map((m) => parseCommitTrailers(m))).toEqual(jobs.map((j) => j.context));
    expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toBe((await expectedFiles(jobs)).get("apps/web/values.yaml"));
    // A second round reuses the warm store and reports unchanged without a new commit.
    const again = await createSmartHttpWriter(config, { http: counting, timing: instantTiming, now: fixedClock, warm }).commit(jobs[0] as CommitRequest);
    expect(again).toEqual({ status: "unchanged", commit: await resolveRef(gitdir, "main") });
  }, 120_000);

  it("two host processes racing on one branch: every commit exactly once, byte-exact content, linear history", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const hostA = new WarmRepositories(join(scratchRoot, "race-a"));
    const hostB = new WarmRepositories(join(scratchRoot, "race-b"));
    const jobsA = ["stage0", "stage1", "stage2", "stage3"].map((s, i) => job(s, `5.${i}.0`, "values"));
    const jobsB = ["stage4", "stage5", "stage6", "stage7"].map((s, i) => job(s, `6.${i}.0`, i % 2 ? "kustomize" : "values"));
    const writer = (warm: WarmRepositories) => createSmartHttpWriter(config, { http, timing: instantTiming, now: fixedClock, warm });
    const results = await Promise.all([...jobsA.map((j) => writer(hostA).commit(j)), ...jobsB.map((j) => writer(hostB).commit(j))]);
    expect(results.every((r) => r.status === "committed")).toBe(true);
    const all = [...jobsA, ...jobsB];
    expect(await git(gitdir, ["rev-list", "--count", `${before}..main`])).toBe(`${all.length}\n`);
    const promotions = (await commitMessages(gitdir, `${before}..main`)).map((m) => parseCommitTrailers(m)?.promotionId);
    expect(promotions.slice().sort()).toEqual(all.map((j) => j.context.promotionId).sort());
    expect(await git(gitdir, ["rev-list", "--min-parents=2", "main"])).toBe("");
    const expected = await expectedFiles(all);
    for (const [path, text] of expected) expect(await showFile(gitdir, "main", path)).toBe(text);
  }, 120_000);

  it("a request that cannot apply fails alone; the rest of its batch lands", async () => {
    const { gitdir, config } = await newRepo();
    const warm = new WarmRepositories(join(scratchRoot, "host-c"));
    const writer = createSmartHttpWriter(config, { http, timing: instantTiming, now: fixedClock, warm });
    const bad: CommitRequest = { ...job("stage1", "7.0.0", "values"), edits: [{ ...valuesEdit("stage1", "7.0.0"), file: "nope.yaml" }] };
    const [ok, failed] = await Promise.allSettled([writer.commit(job("stage0", "7.0.0", "values")), writer.commit(bad)]);
    expect(ok).toMatchObject({ status: "fulfilled", value: { status: "committed" } });
    expect(failed).toMatchObject({ status: "rejected", reason: { kind: "file-missing" } });
    expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toContain('tag: "7.0.0" # stage0');
  }, 120_000);

  it("concurrent reads of one branch share a fetch, and each sees the head as it was after it asked", async () => {
    const { gitdir, config } = await newRepo();
    let fetches = 0;
    const counting = interceptHttp(http, (url) => {
      if (url.endsWith("/git-upload-pack")) fetches++;
      return Promise.resolve();
    });
    const warm = new WarmRepositories(join(scratchRoot, "reads"));
    const reader = () => createSmartHttpWriter(config, { http: counting, timing: instantTiming, now: fixedClock, warm });
    const stages = ["stage0", "stage1", "stage2", "stage3", "stage4", "stage5"];
    const reads = await Promise.all(stages.map((s) => reader().read("main", valuesEdit(s, "x"))));
    const head = await resolveRef(gitdir, "main");
    expect(reads.every((r) => r.commit === head)).toBe(true);
    expect(reads.map((r) => r.image.tag)).toEqual(stages.map(() => "1.0.0"));
    expect(fetches).toBeLessThan(stages.length);
    // A read asked after a commit landed sees that commit (a fresh fetch, never a stale answer).
    await reader().commit(job("stage2", "8.0.0", "values"));
    const after = await reader().read("main", valuesEdit("stage2", "x"));
    expect(after).toEqual({ commit: await resolveRef(gitdir, "main"), image: { tag: "8.0.0" } });
  }, 120_000);
});

describe("warm store recycling", () => {
  it("replaces a store after its fetches and removes the old one's directory, commits unaffected", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const root = await mkdtemp(join(scratchRoot, "recycle-"));
    const warm = new WarmRepositories(root, { recycleAfter: 1 });
    const writer = createSmartHttpWriter(config, { http, timing: instantTiming, now: fixedClock, warm });
    const jobs = [job("stage0", "3.0.1", "values"), job("stage1", "3.0.2", "values"), job("stage0", "3.0.3", "kustomize")];
    for (const j of jobs) await writer.commit(j);
    // Each commit fetched once and so recycled the store it found: only the newest directory is left.
    expect(await readdir(root)).toHaveLength(1);
    for (const [path, text] of await expectedFiles(jobs)) expect(await showFile(gitdir, "main", path)).toBe(text);
    const messages = (await commitMessages(gitdir, `${before}..main`)).reverse();
    expect(messages.map((m) => parseCommitTrailers(m))).toEqual(jobs.map((j) => j.context));
  });
});
