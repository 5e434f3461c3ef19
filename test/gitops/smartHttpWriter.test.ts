import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { GitOpsError } from "../../shared/gitops/errors.js";
import { WarmRepositories } from "../../shared/gitops/smartHttp/warmRepositories.js";
import { createSmartHttpWriter, type SmartHttpWriterConfig } from "../../shared/gitops/smartHttp/writer.js";
import { commitFiles, commitMessages, git, resolveRef, showFile } from "../support/bareRepo.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { context, fixedClock, gitopsFiles, instantTiming, interceptHttp, kustomizeEdit, stages, valuesEdit } from "./writerFixtures.js";

let server: GitServer;
let scratchRoot: string;
let repoCount = 0;

beforeAll(async () => {
  server = await startGitServer();
  scratchRoot = await mkdtemp(join(tmpdir(), "baton-scratch-"));
});
afterAll(async () => {
  await server.close();
  await rm(scratchRoot, { recursive: true, force: true });
});

async function newRepo(): Promise<{ name: string; gitdir: string; config: SmartHttpWriterConfig }> {
  const name = `gitops${++repoCount}`;
  const gitdir = await server.createRepo(name, gitopsFiles());
  return { name, gitdir, config: { url: server.url(name), author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry: { attempts: 40, baseDelayMs: 1, maxDelayMs: 5 } } };
}

const deps = { http, timing: instantTiming, now: fixedClock };

describe("smart-HTTP writer against a real git http-backend", () => {
  it("commits several files in one commit with parseable trailers, then reports unchanged on retry", async () => {
    const { gitdir, config } = await newRepo();
    const writer = createSmartHttpWriter(config, deps);
    const before = await resolveRef(gitdir, "main");
    const request = { branch: "main", edits: [valuesEdit("stage1", "1.1.0"), kustomizeEdit("stage1", "1.1.0")], context: context("stage1", "1.1.0") };
    const result = await writer.commit(request);
    expect(result).toMatchObject({ status: "committed", parent: before, attempts: 1 });
    const head = await resolveRef(gitdir, "main");
    expect(result.commit).toBe(head);
    expect(await git(gitdir, ["rev-list", "--count", "main"])).toBe("2\n");
    expect(await git(gitdir, ["diff", "--name-only", `${before}`, "main"])).toBe("apps/web/values.yaml\nclusters/stage1/kustomization.yaml\n");
    expect(await git(gitdir, ["diff", "--numstat", `${before}`, "main"])).toBe("1\t1\tapps/web/values.yaml\n1\t1\tclusters/stage1/kustomization.yaml\n");
    const [message = ""] = await commitMessages(gitdir, "main");
    expect(message.split("\n")[0]).toBe("Promote acme/web to 1.1.0 in stage1");
    expect(parseCommitTrailers(message)).toEqual(context("stage1", "1.1.0"));
    // git itself reads the trailers.
    expect(await git(gitdir, ["interpret-trailers", "--parse"], { input: message })).toContain("Baton-Promotion: web-1.1.0-stage1\n");

    const again = await writer.commit(request);
    expect(again).toEqual({ status: "unchanged", commit: head });
    expect(await git(gitdir, ["rev-list", "--count", "main"])).toBe("2\n");
    expect(await writer.read("main", valuesEdit("stage1", "x"))).toEqual({ commit: head, image: { tag: "1.1.0" } });
  });

  it("re-reads and re-applies after losing a race, keeping the other writer's change", async () => {
    const { gitdir, config } = await newRepo();
    let raced = false;
    const racingHttp = interceptHttp(http, async (url) => {
      if (!raced && url.includes("git-receive-pack")) {
        raced = true; // someone else commits between our read and our push
        await commitFiles(gitdir, "main", { "apps/web/values.yaml": (await showFile(gitdir, "main", "apps/web/values.yaml")).replace('tag: "1.0.0" # stage2', 'tag: "9.9.9" # stage2') }, "Hand edit");
      }
    });
    const writer = createSmartHttpWriter(config, { ...deps, http: racingHttp });
    const result = await writer.commit({ branch: "main", edits: [valuesEdit("stage3", "1.3.0")], context: context("stage3", "1.3.0") });
    expect(result).toMatchObject({ status: "committed", attempts: 2 });
    const values = await showFile(gitdir, "main", "apps/web/values.yaml");
    expect(values).toContain('tag: "9.9.9" # stage2');
    expect(values).toContain('tag: "1.3.0" # stage3');
    expect((await commitMessages(gitdir, "main")).map((m) => m.split("\n")[0])).toEqual(["Promote acme/web to 1.3.0 in stage3", "Hand edit", "Initial commit"]);
  });

  it("turns failures into typed errors: missing file, missing branch, refused credentials", async () => {
    const { config } = await newRepo();
    const writer = createSmartHttpWriter(config, deps);
    await expect(writer.commit({ branch: "main", edits: [{ ...valuesEdit("stage1", "2"), file: "nope.yaml" }], context: context("stage1", "2") })).rejects.toMatchObject({
      kind: "file-missing",
      retryable: false,
    });
    await expect(writer.read("no-such-branch", valuesEdit("stage1", "2"))).rejects.toMatchObject({ kind: "repository-not-found" });

    const guarded = await startGitServer({ basicAuth: { username: "baton", password: "right-secret" } });
    try {
      await guarded.createRepo("private", gitopsFiles());
      const wrong = createSmartHttpWriter({ ...config, url: guarded.url("private"), credentials: { username: "baton", password: "wrong-secret-value" } }, deps);
      const error = await wrong.read("main", valuesEdit("stage1", "2")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitOpsError);
      expect(error).toMatchObject({ kind: "unauthorized", retryable: false });
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("wrong-secret-value");
      const right = createSmartHttpWriter({ ...config, url: guarded.url("private"), credentials: { username: "baton", password: "right-secret" } }, deps);
      expect((await right.read("main", valuesEdit("stage1", "2"))).image).toEqual({ tag: "1.0.0" });
    } finally {
      await guarded.close();
    }
  });

  it("20 concurrent writers on the same file and on different files: every change once, no lost update", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const jobs = stages.flatMap((stage, i) => [
      { branch: "main", edits: [valuesEdit(stage, `2.${i}.0`)], context: context(stage, `2.${i}.0`) },
      { branch: "main", edits: [kustomizeEdit(stage, `3.${i}.0`)], context: context(stage, `3.${i}.0`, "acme/api") },
    ]);
    // Each writer is its own instance, as separate activity executions would be.
    const results = await Promise.all(jobs.map((job) => createSmartHttpWriter(config, deps).commit(job)));
    expect(results.every((r) => r.status === "committed")).toBe(true);

    expect(await git(gitdir, ["rev-list", "--count", `${before}..main`])).toBe("20\n");
    const values = await showFile(gitdir, "main", "apps/web/values.yaml");
    for (const [i, stage] of stages.entries()) {
      expect(values.split(`tag: "2.${i}.0" # ${stage}`).length).toBe(2);
      expect(await showFile(gitdir, "main", `clusters/${stage}/kustomization.yaml`)).toContain(`newTag: 3.${i}.0\n`);
    }
    const promotions = (await commitMessages(gitdir, `${before}..main`)).map((m) => parseCommitTrailers(m)?.promotionId);
    expect(new Set(promotions).size).toBe(20);
    // Linear history: no merges, every commit has exactly one parent.
    expect(await git(gitdir, ["rev-list", "--min-parents=2", "main"])).toBe("");
  }, 300_000); // 20 separate hosts racing with no backoff: ~200 attempts of real git work; generous for a loaded machine

  it("writers sharing one host's warm repositories are batched: no lost race, no wasted attempt", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const warm = new WarmRepositories(join(scratchRoot, "shared-host"));
    const results = await Promise.all(stages.map((stage, i) => createSmartHttpWriter(config, { ...deps, warm }).commit({ branch: "main", edits: [valuesEdit(stage, `5.${i}.0`)], context: context(stage, `5.${i}.0`) })));
    expect(results.map((r) => (r.status === "committed" ? r.attempts : 0))).toEqual(stages.map(() => 1));
    expect(await git(gitdir, ["rev-list", "--count", `${before}..main`])).toBe(`${stages.length}\n`);
  }, 120_000);
});
