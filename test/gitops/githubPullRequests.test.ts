import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitOpsError } from "../../shared/gitops/errors.js";
import { createGitHubClient } from "../../shared/gitops/github/client.js";
import { createGitHubPullRequests } from "../../shared/gitops/github/pullRequests.js";
import { pullRequestBranch, pullRequestOutcome } from "../../shared/gitops/pullRequest.js";
import { git, resolveRef, showFile } from "../support/bareRepo.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fakeGitHub/index.js";
import { context, fixedClock, gitopsFiles, instantTiming, valuesEdit } from "./writerFixtures.js";
import { digestA } from "./helpers.js";

const token = "ghs_pull_request_token";
let fake: FakeGitHub;
let count = 0;

beforeAll(async () => {
  fake = await startFakeGitHub({ token });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

async function setup(): Promise<{ repo: string; gitdir: string; prs: ReturnType<typeof createGitHubPullRequests> }> {
  const repo = `prs${++count}`;
  const gitdir = await fake.createRepo("acme", repo, gitopsFiles());
  const octokit = createGitHubClient({ auth: { kind: "token", token }, baseUrl: fake.baseUrl, throttle: false, serverErrorRetries: 0 });
  const prs = createGitHubPullRequests({ owner: "acme", repo, author: { name: "Baton", email: "baton@example.test" } }, { octokit, timing: instantTiming, now: fixedClock });
  return { repo, gitdir, prs };
}

const promotion = { ...context("prod", "8.1.0"), image: { name: "acme/web", tag: "8.1.0", digest: digestA } };
const request = {
  branch: "main",
  edits: [{ ...valuesEdit("stage2", "8.1.0"), image: promotion.image }],
  context: promotion,
  pullRequest: { labels: ["baton", "promotion"], autoMerge: "SQUASH" as const, links: [{ title: "Build 42", url: "https://ci.example.test/42" }] },
};

describe("GitHub pull-request mode", () => {
  it("pushes a named branch, opens one PR with title, body, labels and auto-merge; a retry finds it", async () => {
    const { repo, gitdir, prs } = await setup();
    const base = await resolveRef(gitdir, "main");
    const opened = await prs.open(request);
    expect(opened).toMatchObject({ status: "opened", number: 1, head: "baton/web/prod/8.1.0" });
    expect(await resolveRef(gitdir, "main")).toBe(base);
    expect(await showFile(gitdir, "baton/web/prod/8.1.0", "apps/web/values.yaml")).toContain(`tag: "8.1.0@${digestA}" # stage2`);

    const [pull] = fake.pulls("acme", repo);
    expect(pull).toMatchObject({ title: `Promote acme/web to 8.1.0@${digestA} in prod`, labels: ["baton", "promotion"], autoMerge: "squash", base: "main" });
    expect(pull?.body).toContain("| `apps/web/values.yaml` line 13 | `stage2.image.tag` | `1.0.0` | `8.1.0@");
    expect(pull?.body).toContain("- [Build 42](https://ci.example.test/42)");

    const again = await prs.open(request);
    expect(again).toEqual({ ...opened, status: "existing" });
    expect(await git(gitdir, ["rev-list", "--count", "main..baton/web/prod/8.1.0"])).toBe("1\n");
    expect(fake.pulls("acme", repo)).toHaveLength(1);
    expect(await prs.state(1)).toEqual({ state: "open" });

    const merged = await fake.mergePull("acme", repo, 1);
    expect(await prs.state(1)).toEqual({ state: "merged", mergeCommit: merged });
    expect(await prs.open(request)).toEqual({ status: "unchanged", commit: merged });
  });

  it("treats a pull request closed without merge as a terminal failure", async () => {
    const { repo, prs } = await setup();
    const opened = await prs.open({ ...request, pullRequest: {} });
    if (opened.status === "unchanged") throw new Error("expected a pull request");
    fake.closePull("acme", repo, opened.number);
    const error = await prs.state(opened.number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitOpsError);
    expect(error).toMatchObject({ kind: "pull-request-closed", retryable: false });
  });

  it("reads the outcome of GitHub's real pull_request.closed webhook payload", () => {
    type Examples = { name: string; examples: { action: string; pull_request: { number: number; merged: boolean; merge_commit_sha: string | null } }[] }[];
    const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Examples;
    const closed = examples.find((e) => e.name === "pull_request")?.examples.find((e) => e.action === "closed");
    if (!closed) throw new Error("no pull_request.closed example");
    expect(() => pullRequestOutcome(closed.pull_request)).toThrow(/closed without merging/);
    expect(pullRequestOutcome({ ...closed.pull_request, merged: true })).toEqual({ state: "merged", mergeCommit: closed.pull_request.merge_commit_sha });
  });

  it("names branches safely from pipeline, stage and version", () => {
    expect(pullRequestBranch({ promotionId: "p", pipeline: "Web App", stage: "prod/eu", image: { name: "a", digest: digestA } })).toBe("baton/Web-App/prod-eu/sha256-aaaaaaaaaaaa");
  });
});
