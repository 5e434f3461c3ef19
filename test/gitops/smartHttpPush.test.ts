// Issue 13: the warm smart-HTTP writer pushes what changed and nothing else: its own pack in one
// receive-pack POST per batch, against the real git http-backend, verified by real git (fsck, log).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GitHttpRequest, HttpClient } from "isomorphic-git";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { GitOpsError } from "../../shared/gitops/errors.js";
import { ObjectCache } from "../../shared/gitops/smartHttp/objectCache.js";
import { pushPack } from "../../shared/gitops/smartHttp/receivePack.js";
import { WarmRepositories } from "../../shared/gitops/smartHttp/warmRepositories.js";
import { createSmartHttpWriter, type SmartHttpWriterConfig } from "../../shared/gitops/smartHttp/writer.js";
import type { CommitRequest } from "../../shared/gitops/writer.js";
import { fetchGitHttp } from "../../shared/net/gitHttp.js";
import { commitFiles, commitMessages, git, resolveRef, showFile } from "../support/bareRepo.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { context, fixedClock, gitopsFiles, instantTiming, kustomizeEdit, valuesEdit } from "./writerFixtures.js";

let server: GitServer;
let scratchRoot: string;
let repoCount = 0;

beforeAll(async () => {
  server = await startGitServer();
  scratchRoot = await mkdtemp(join(tmpdir(), "baton-push-test-"));
});
afterAll(async () => {
  await server.close();
  await rm(scratchRoot, { recursive: true, force: true });
});

async function newRepo(on = server): Promise<{ gitdir: string; config: SmartHttpWriterConfig }> {
  const name = `push${++repoCount}`;
  const gitdir = await on.createRepo(name, gitopsFiles());
  return { gitdir, config: { url: on.url(name), author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 5 } } };
}

/** An HttpClient that records every request as `METHOD path?query` (and its headers) on its way out. */
function recording(inner: HttpClient): { client: HttpClient; requests: string[]; headers: Record<string, string>[] } {
  const requests: string[] = [];
  const headers: Record<string, string>[] = [];
  return {
    requests,
    headers,
    client: {
      request(req: GitHttpRequest) {
        const url = new URL(req.url);
        requests.push(`${req.method ?? "GET"} ${url.pathname.replace(/^\/[^/]+\.git/, "")}${url.search}`);
        headers.push(req.headers ?? {});
        return inner.request(req);
      },
    },
  };
}

const job = (stage: string, tag: string, kustomize = false): CommitRequest => ({
  branch: "main",
  edits: [kustomize ? kustomizeEdit(stage, tag) : valuesEdit(stage, tag)],
  context: context(stage, tag, kustomize ? "acme/api" : "acme/web"),
});

const fetchRequests = ["GET /info/refs?service=git-upload-pack", "POST /git-upload-pack"];

describe("warm smart-HTTP push: one POST per batch, a pack real git accepts", () => {
  it("after the first commit, each commit is exactly one receive-pack POST, through Baton's fetch-based client", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const { client, requests } = recording(fetchGitHttp(fetch));
    const writer = createSmartHttpWriter(config, { http: client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "count")) });
    const jobs = [job("stage0", "1.1.0"), job("stage1", "1.2.0", true), job("stage2", "1.3.0"), job("stage0", "1.4.0", true)];
    const results = [];
    for (const [i, j] of jobs.entries()) {
      const start = requests.length;
      results.push(await writer.commit(j));
      // The first commit fetches the head and learns receive-pack's capabilities once; no later one asks again.
      expect(requests.slice(start)).toEqual(i === 0 ? [...fetchRequests, "GET /info/refs?service=git-receive-pack", "POST /git-receive-pack"] : ["POST /git-receive-pack"]);
    }
    expect(results.map((r) => r.status)).toEqual(jobs.map(() => "committed"));
    // The same request again changes nothing: one GET confirms the branch is still where it was read.
    const start = requests.length;
    expect(await writer.commit(jobs[3] as CommitRequest)).toEqual({ status: "unchanged", commit: results[3]?.commit });
    expect(requests.slice(start)).toEqual(["GET /info/refs?service=git-upload-pack"]);
    // Real git accepts every object and the history: strict fsck, linear log, exact messages and files.
    expect(await git(gitdir, ["fsck", "--strict", "--no-dangling"])).toBe("");
    expect((await git(gitdir, ["rev-list", "--reverse", `${before}..main`])).trim().split("\n")).toEqual(results.map((r) => r.commit));
    expect((await commitMessages(gitdir, `${before}..main`)).reverse().map((m) => parseCommitTrailers(m))).toEqual(jobs.map((j) => j.context));
    expect(await git(gitdir, ["diff", "--name-only", `${before}`, "main"])).toBe("apps/web/values.yaml\nclusters/stage0/kustomization.yaml\nclusters/stage1/kustomization.yaml\n");
    expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toContain('tag: "1.3.0" # stage2');
    expect(await showFile(gitdir, "main", "clusters/stage0/kustomization.yaml")).toContain("newTag: 1.4.0\n");
    // Author and committer exactly as configured, in UTC.
    expect(await git(gitdir, ["log", "-1", "--format=%an <%ae> %at %ai|%cn <%ce> %ct", "main"])).toBe(`Baton <baton@example.test> ${fixedClock().getTime() / 1000} 2025-01-02 03:04:05 +0000|Baton <baton@example.test> ${fixedClock().getTime() / 1000}\n`);
  });

  it("credentials travel in a Basic header on the first request, never in a URL, with no 401 round trip", async () => {
    const guarded = await startGitServer({ basicAuth: { username: "baton", password: "push-secret" } });
    try {
      const { gitdir, config } = await newRepo(guarded);
      const { client, requests, headers } = recording(http);
      const writer = createSmartHttpWriter({ ...config, credentials: { username: "baton", password: "push-secret" } }, { http: client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "auth")) });
      await writer.commit(job("stage0", "2.0.0"));
      await writer.commit(job("stage1", "2.0.1"));
      expect(requests).toEqual([...fetchRequests, "GET /info/refs?service=git-receive-pack", "POST /git-receive-pack", "POST /git-receive-pack"]);
      expect(guarded.requestCount).toBe(requests.length);
      expect(headers.every((h) => h.Authorization === `Basic ${Buffer.from("baton:push-secret").toString("base64")}`)).toBe(true);
      expect(requests.join("\n")).not.toContain("push-secret");
      expect(await git(gitdir, ["fsck", "--strict", "--no-dangling"])).toBe("");
    } finally {
      await guarded.close();
    }
  });

  it("two independent stores: the one that built on a stale head is refused, fetches once and rebuilds on the winner", async () => {
    const { gitdir, config } = await newRepo();
    const a = recording(http);
    const b = recording(http);
    const writerA = createSmartHttpWriter(config, { http: a.client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "lost-a")) });
    const writerB = createSmartHttpWriter(config, { http: b.client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "lost-b")) });
    // Both warm; B committed last, so A's store still holds the head before B's commit.
    await writerA.commit(job("stage0", "3.0.0"));
    await writerB.commit(job("stage1", "3.0.0"));
    const middle = await resolveRef(gitdir, "main");
    const winner = await writerB.commit(job("stage2", "3.1.0"));
    const startA = a.requests.length;
    const loser = await writerA.commit(job("stage3", "3.1.0", true));
    expect(winner).toMatchObject({ status: "committed", parent: middle, attempts: 1 });
    // A's stale push is refused (receive-pack's check of the old id), then one fetch, then the rebuilt push.
    expect(a.requests.slice(startA)).toEqual(["POST /git-receive-pack", ...fetchRequests, "POST /git-receive-pack"]);
    expect(loser).toMatchObject({ status: "committed", parent: winner.commit, attempts: 2 });
    expect(await resolveRef(gitdir, "main")).toBe(loser.commit);
    expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toContain('tag: "3.1.0" # stage2');
    expect(await showFile(gitdir, "main", "clusters/stage3/kustomization.yaml")).toContain("newTag: 3.1.0\n");
    expect(await git(gitdir, ["rev-list", "--min-parents=2", "main"])).toBe("");
    expect(await git(gitdir, ["fsck", "--strict", "--no-dangling"])).toBe("");
  });

  it("a refusal that is not a race (a pre-receive hook) is a precise, terminal error and moves nothing", async () => {
    const { gitdir, config } = await newRepo();
    await writeFile(join(gitdir, "hooks", "pre-receive"), "#!/bin/sh\necho 'protected branch' >&2\nexit 1\n");
    await chmod(join(gitdir, "hooks", "pre-receive"), 0o755);
    const before = await resolveRef(gitdir, "main");
    const writer = createSmartHttpWriter(config, { http, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "hook")) });
    const error = await writer.commit(job("stage0", "4.0.0")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitOpsError);
    expect(error).toMatchObject({ kind: "unauthorized", retryable: false });
    expect((error as Error).message).toContain("refused to update refs/heads/main: pre-receive hook declined");
    expect(await resolveRef(gitdir, "main")).toBe(before);
  });

  it("a store whose object overlay is over budget drops it and fetches before the next batch; commits stay exact", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const small = recording(http);
    const writer = createSmartHttpWriter(config, { http: small.client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "small"), { objectLimits: { maxBytes: 1 << 20, maxObjects: 8 } }) });
    const jobs = [job("stage0", "5.0.0"), job("stage1", "5.0.1", true), job("stage2", "5.0.2")];
    for (const j of jobs) await writer.commit(j);
    // Each commit reads and makes more than 8 objects, so every batch starts from a fresh fetch.
    expect(small.requests.filter((r) => r === "POST /git-upload-pack")).toHaveLength(jobs.length);
    expect(small.requests.filter((r) => r === "POST /git-receive-pack")).toHaveLength(jobs.length);
    expect((await commitMessages(gitdir, `${before}..main`)).reverse().map((m) => parseCommitTrailers(m))).toEqual(jobs.map((j) => j.context));
    expect(await showFile(gitdir, "main", "clusters/stage1/kustomization.yaml")).toContain("newTag: 5.0.1\n");
    expect(await git(gitdir, ["fsck", "--strict", "--no-dangling"])).toBe("");
  });

  it("a read on a warm store asks where the branch is (one GET) and fetches only when it moved", async () => {
    const { gitdir, config } = await newRepo();
    const { client, requests } = recording(http);
    const writer = createSmartHttpWriter(config, { http: client, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "read")) });
    const committed = await writer.commit(job("stage0", "6.0.0"));
    let start = requests.length;
    expect(await writer.read("main", valuesEdit("stage0", "x"))).toEqual({ commit: committed.commit, image: { tag: "6.0.0" } });
    expect(requests.slice(start)).toEqual(["GET /info/refs?service=git-upload-pack"]);
    // Someone else commits: the next read sees it, after one fetch.
    const values = (await showFile(gitdir, "main", "apps/web/values.yaml")).replace('tag: "6.0.0" # stage0', 'tag: "6.6.6" # stage0');
    await commitFiles(gitdir, "main", { "apps/web/values.yaml": values }, "Hand edit");
    start = requests.length;
    expect(await writer.read("main", valuesEdit("stage0", "x"))).toEqual({ commit: await resolveRef(gitdir, "main"), image: { tag: "6.6.6" } });
    expect(requests.slice(start)).toEqual(["GET /info/refs?service=git-upload-pack", ...fetchRequests]);
  });

  it("rewritten trees are in git's order (a directory sorts as if its name ended in '/'), so strict fsck accepts them", async () => {
    // Beside the edited directory `stage0/`: `stage0-extra/` ('-' < '/') and `stage0.yaml` ('.' < '/').
    const gitdir = await server.createRepo("sorted", { ...gitopsFiles(), "clusters/stage0-extra/a.yaml": "a: 1\n", "clusters/stage0.yaml": "b: 1\n", "clusters/stage0a.yaml": "c: 1\n" });
    const config = { url: server.url("sorted"), author: { name: "Baton", email: "baton@example.test" }, scratchRoot };
    const writer = createSmartHttpWriter(config, { http, timing: instantTiming, now: fixedClock, warm: new WarmRepositories(join(scratchRoot, "sorted")) });
    await writer.commit(job("stage0", "7.0.0", true));
    expect(await git(gitdir, ["fsck", "--strict", "--no-dangling"])).toBe("");
    expect(await git(gitdir, ["ls-tree", "--name-only", "main", "clusters/"])).toContain("clusters/stage0-extra\nclusters/stage0.yaml\nclusters/stage0\nclusters/stage0a.yaml\n");
    expect(await showFile(gitdir, "main", "clusters/stage0/kustomization.yaml")).toContain("newTag: 7.0.0\n");
  });

  it("objects are bounded: the overlay counts objects and bytes and says when it is over budget", () => {
    const cache = new ObjectCache({ maxBytes: 10, maxObjects: 2 });
    cache.put("a", { type: "blob", content: Buffer.from("12345") });
    cache.put("a", { type: "blob", content: Buffer.from("12345") });
    expect(cache.size).toEqual({ objects: 1, bytes: 5 });
    cache.put("b", { type: "blob", content: Buffer.from("12345") });
    expect(cache.overBudget).toBe(false);
    cache.put("c", { type: "blob", content: Buffer.from("1") });
    expect(cache.overBudget).toBe(true);
    cache.clear();
    expect(cache.size).toEqual({ objects: 0, bytes: 0 });
    expect(cache.get("a")).toBeUndefined();
  });
});

describe("receive-pack report", () => {
  /** A server answer in side-band-64k: the report-status pkt-lines inside band 1. */
  function sideBandAnswer(lines: string[]): HttpClient {
    const pkt = (data: Buffer): Buffer => Buffer.concat([Buffer.from((data.length + 4).toString(16).padStart(4, "0")), data]);
    const report = Buffer.concat([...lines.map((l) => pkt(Buffer.from(`${l}\n`))), Buffer.from("0000")]);
    const body = Buffer.concat([pkt(Buffer.concat([Buffer.from([2]), Buffer.from("progress\n")])), pkt(Buffer.concat([Buffer.from([1]), report])), Buffer.from("0000")]);
    return {
      request: () =>
        Promise.resolve({
          url: "http://127.0.0.1/x.git/git-receive-pack",
          method: "POST",
          statusCode: 200,
          statusMessage: "OK",
          headers: {},
          body: [body][Symbol.iterator]() as unknown as AsyncIterableIterator<Uint8Array>,
        }),
    };
  }
  const caps = new Set(["report-status", "side-band-64k"]);
  const update = { branch: "main", oldOid: "a".repeat(40), newOid: "b".repeat(40) };
  const remote = (answer: string[]) => ({ url: "http://127.0.0.1/x.git", http: sideBandAnswer(answer) });

  it("reads ok, a moved branch, an unpack failure and a policy refusal from the side band", async () => {
    await expect(pushPack(remote(["unpack ok", "ok refs/heads/main"]), caps, update, Buffer.alloc(0))).resolves.toEqual({ status: "ok" });
    for (const reason of ["non-fast-forward", "fetch first", "stale info", "failed to update ref"]) {
      await expect(pushPack(remote(["unpack ok", `ng refs/heads/main ${reason}`]), caps, update, Buffer.alloc(0))).resolves.toEqual({ status: "moved", reason });
    }
    await expect(pushPack(remote(["unpack index-pack abnormal exit", "ng refs/heads/main unpacker error"]), caps, update, Buffer.alloc(0))).rejects.toMatchObject({
      kind: "transient",
      message: expect.stringContaining("could not unpack the pushed objects for refs/heads/main (index-pack abnormal exit)") as unknown,
    });
    await expect(pushPack(remote(["unpack ok", "ng refs/heads/main deny updating a hidden ref"]), caps, update, Buffer.alloc(0))).rejects.toMatchObject({ kind: "unauthorized", retryable: false });
  });
});
