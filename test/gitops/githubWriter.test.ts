import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { createGitHubClient } from "../../shared/gitops/github/client.js";
import { createGitHubWriter, type GitHubWriterConfig } from "../../shared/gitops/github/writer.js";
import { commitFiles, commitMessages, git, resolveRef, showFile } from "../support/bareRepo.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fakeGitHub/index.js";
import { context, fixedClock, gitopsFiles, instantTiming, kustomizeEdit, stages, valuesEdit } from "./writerFixtures.js";

const token = "ghs_fake_installation_token_0123456789";
let fake: FakeGitHub;
let repoCount = 0;

beforeAll(async () => {
  fake = await startFakeGitHub({ token });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  // Every request Octokit sent and every answer the fake gave matched GitHub's OpenAPI description.
  expect(fake.violations).toEqual([]);
});

const octokit = (): ReturnType<typeof createGitHubClient> =>
  createGitHubClient({ auth: { kind: "token", token }, baseUrl: fake.baseUrl, throttle: false, serverErrorRetries: 0, rateLimitRetries: 0 });

async function newRepo(): Promise<{ gitdir: string; config: GitHubWriterConfig }> {
  const repo = `gitops${++repoCount}`;
  const gitdir = await fake.createRepo("acme", repo, gitopsFiles());
  return { gitdir, config: { owner: "acme", repo, author: { name: "Baton", email: "baton@example.test" }, retry: { attempts: 40, baseDelayMs: 1, maxDelayMs: 5 } } };
}

const deps = (): Parameters<typeof createGitHubWriter>[1] => ({ octokit: octokit(), timing: instantTiming, now: fixedClock });

describe("GitHub writer against an OpenAPI-validated fake backed by a bare repository", () => {
  it("commits two files in one commit without a clone, then is a no-op on retry", async () => {
    const { gitdir, config } = await newRepo();
    const writer = createGitHubWriter(config, deps());
    const before = await resolveRef(gitdir, "main");
    const request = { branch: "main", edits: [valuesEdit("stage4", "4.0.0"), kustomizeEdit("stage4", "4.0.0")], context: context("stage4", "4.0.0") };
    const result = await writer.commit(request);
    expect(result).toMatchObject({ status: "committed", parent: before, attempts: 1 });
    expect(await resolveRef(gitdir, "main")).toBe(result.commit);
    expect(await git(gitdir, ["diff", "--numstat", `${before}`, "main"])).toBe("1\t1\tapps/web/values.yaml\n1\t1\tclusters/stage4/kustomization.yaml\n");
    const [message = ""] = await commitMessages(gitdir, "main");
    expect(parseCommitTrailers(message)).toEqual(context("stage4", "4.0.0"));
    expect(await git(gitdir, ["log", "-1", "--format=%an <%ae> %aI", "main"])).toBe("Baton <baton@example.test> 2025-01-02T03:04:05+00:00\n");

    const requestsBefore = fake.requests.length;
    expect(await writer.commit(request)).toEqual({ status: "unchanged", commit: result.commit });
    expect(fake.requests.slice(requestsBefore).every((r) => r.startsWith("GET "))).toBe(true);
    expect(await writer.read("main", kustomizeEdit("stage4", "x"))).toEqual({ commit: result.commit, image: { name: "acme/api", tag: "4.0.0" } });
  });

  it("retries a lost compare-and-swap and keeps the concurrent change", async () => {
    const { gitdir, config } = await newRepo();
    let raced = false;
    const racing: typeof fetch = async (input, init) => {
      if (!raced && init?.method === "PATCH") {
        raced = true;
        await commitFiles(gitdir, "main", { "clusters/stage9/kustomization.yaml": "resources: []\n" }, "Someone else");
      }
      return fetch(input, init);
    };
    const client = createGitHubClient({ auth: { kind: "token", token }, baseUrl: fake.baseUrl, throttle: false }, { fetch: racing });
    const writer = createGitHubWriter(config, { octokit: client, timing: instantTiming, now: fixedClock });
    const result = await writer.commit({ branch: "main", edits: [valuesEdit("stage5", "5.0.0")], context: context("stage5", "5.0.0") });
    expect(result).toMatchObject({ status: "committed", attempts: 2 });
    expect(await showFile(gitdir, "main", "clusters/stage9/kustomization.yaml")).toBe("resources: []\n");
    expect((await commitMessages(gitdir, "main")).map((m) => m.split("\n")[0])).toEqual(["Promote acme/web to 5.0.0 in stage5", "Someone else", "Initial commit"]);
  });

  it("maps failures: missing file and branch are terminal, 5xx and rate limits retryable, bad token never echoed", async () => {
    const { config } = await newRepo();
    const writer = createGitHubWriter(config, deps());
    await expect(writer.commit({ branch: "main", edits: [{ ...valuesEdit("stage1", "1"), file: "missing.yaml" }], context: context("stage1", "1") })).rejects.toMatchObject({ kind: "file-missing", retryable: false });
    await expect(writer.read("nope", valuesEdit("stage1", "1"))).rejects.toMatchObject({ kind: "repository-not-found", retryable: false });
    fake.failNext(502);
    await expect(writer.read("main", valuesEdit("stage1", "1"))).rejects.toMatchObject({ kind: "transient", retryable: true });
    fake.failNext(403, 1, { "x-ratelimit-remaining": "0", "retry-after": "30" });
    await expect(writer.read("main", valuesEdit("stage1", "1"))).rejects.toMatchObject({ kind: "transient", retryable: true, retryAfterSeconds: 30 });

    const badToken = "ghp_wrong_token_value_should_never_leak";
    const bad = createGitHubWriter(config, { ...deps(), octokit: createGitHubClient({ auth: { kind: "token", token: badToken }, baseUrl: fake.baseUrl, throttle: false, serverErrorRetries: 0 }) });
    const error = await bad.read("main", valuesEdit("stage1", "1")).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unauthorized", retryable: false });
    expect(`${String(error)} ${JSON.stringify(error, Object.getOwnPropertyNames(error))}`).not.toContain(badToken);
  });

  it("20 concurrent writers through the API: every change exactly once, linear history", async () => {
    const { gitdir, config } = await newRepo();
    const before = await resolveRef(gitdir, "main");
    const jobs = stages.flatMap((stage, i) => [
      { branch: "main", edits: [valuesEdit(stage, `6.${i}.0`)], context: context(stage, `6.${i}.0`) },
      { branch: "main", edits: [kustomizeEdit(stage, `7.${i}.0`)], context: context(stage, `7.${i}.0`, "acme/api") },
    ]);
    const results = await Promise.all(jobs.map((job) => createGitHubWriter(config, deps()).commit(job)));
    expect(results.every((r) => r.status === "committed")).toBe(true);
    expect(await git(gitdir, ["rev-list", "--count", `${before}..main`])).toBe("20\n");
    const values = await showFile(gitdir, "main", "apps/web/values.yaml");
    for (const [i, stage] of stages.entries()) {
      expect(values.split(`tag: "6.${i}.0" # ${stage}`).length).toBe(2);
      expect(await showFile(gitdir, "main", `clusters/${stage}/kustomization.yaml`)).toContain(`newTag: 7.${i}.0\n`);
    }
    expect(await git(gitdir, ["rev-list", "--min-parents=2", "main"])).toBe("");
  }, 300_000); // ~200 attempts through the fake with no backoff: over 2 minutes when CI runs the Node 20 and 22 suites at once
});

describe("GitHub App installation auth and the fake's own contract checks", () => {
  it("authenticates as an App installation (JWT signed with the App key) and commits", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const appFake = await startFakeGitHub({ token: "ghs_installation_token", app: { appId: 4242, installationId: 77, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() } });
    try {
      const gitdir = await appFake.createRepo("acme", "gitops", gitopsFiles());
      const client = createGitHubClient({
        auth: { kind: "app", appId: 4242, installationId: 77, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
        baseUrl: appFake.baseUrl,
        throttle: false,
      });
      const writer = createGitHubWriter({ owner: "acme", repo: "gitops" }, { octokit: client, timing: instantTiming, now: fixedClock });
      const result = await writer.commit({ branch: "main", edits: [valuesEdit("stage0", "9.0.0")], context: context("stage0", "9.0.0") });
      expect(result.status).toBe("committed");
      expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toContain('tag: "9.0.0" # stage0');
      expect(appFake.requests[0]).toBe("POST /app/installations/77/access_tokens");
      expect(appFake.violations).toEqual([]);
    } finally {
      await appFake.close();
    }
  });

  it("rejects a request body that GitHub's description does not allow", async () => {
    const client = octokit();
    await fake.createRepo("acme", "contract", { "a.yaml": "a: 1\n" });
    const error = await client.request("POST /repos/{owner}/{repo}/git/blobs", { owner: "acme", repo: "contract", content: 42 as unknown as string }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422 });
    expect(fake.takeViolations()).toEqual([expect.stringContaining("req POST /repos/{owner}/{repo}/git/blobs: /content must be string")]);
  });
});
