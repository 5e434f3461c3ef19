// Azure Repos as the GitOps repository, against the fake (git over smart HTTP through a real
// `git http-backend`, the REST calls checked against the published 7.1 specification): direct
// commits with a PAT or an Entra token, pull requests with auto-complete, their outcome.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenCredential } from "@azure/identity";
import http from "isomorphic-git/http/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authorizedGitHttp, entraAuthorization, patAuthorization, type AzureDevOpsAuthorization } from "../../shared/gitops/azureDevOps/authorization.js";
import { azureDevOpsTokenScope } from "../../shared/azureDevOps/tokenScope.js";
import { createAzureReposPullRequests } from "../../shared/gitops/azureDevOps/pullRequests.js";
import { createAzureReposApi, reposCloneUrl } from "../../shared/gitops/azureDevOps/reposApi.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { GitOpsError } from "../../shared/gitops/errors.js";
import { createSmartHttpWriter } from "../../shared/gitops/smartHttp/writer.js";
import { commitFiles, commitMessages, git, resolveRef, showFile } from "../support/bareRepo.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/gitServer.js";
import { context, fixedClock, gitopsFiles, instantTiming, kustomizeEdit, valuesEdit } from "../gitops/writerFixtures.js";

const PAT = "ado-pat-7f3c9e1d2b4a6f8e0c1d3b5a7f9e2c4d";
const BEARER = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-token-for-azure-devops";

let ado: FakeAzureDevOps;
let scratchRoot: string;
let repoCount = 0;

beforeAll(async () => {
  ado = await startFakeAzureDevOps({ organization: "contoso", project: "Platform Team", pat: PAT, bearer: BEARER });
  scratchRoot = await mkdtemp(join(tmpdir(), "baton-ado-"));
});
afterAll(async () => {
  await ado.close();
  await rm(scratchRoot, { recursive: true, force: true });
});
afterEach(() => {
  expect(ado.violations).toEqual([]);
});

async function repository(authorize: AzureDevOpsAuthorization = patAuthorization(PAT)) {
  const name = `gitops${++repoCount}`;
  const gitdir = await ado.createRepo(name, gitopsFiles());
  const url = ado.url(name);
  const writer = createSmartHttpWriter(
    { url: reposCloneUrl(url), author: { name: "Baton", email: "baton@example.test" }, scratchRoot, retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 } },
    { http: authorizedGitHttp(http, authorize), timing: instantTiming, now: fixedClock },
  );
  const api = createAzureReposApi(url, { fetch, authorize });
  return { name, gitdir, url, writer, api, prs: createAzureReposPullRequests({ api, writer }) };
}

describe("direct commits to Azure Repos", () => {
  it("lands one byte-exact commit with Baton's trailers, authenticated with a PAT as Basic with an empty user name", async () => {
    const { gitdir, writer } = await repository();
    const before = await showFile(gitdir, "main", "apps/web/values.yaml");
    const result = await writer.commit({ branch: "main", edits: [valuesEdit("stage1", "1.1.0")], context: context("stage1", "1.1.0") });
    expect(result).toMatchObject({ status: "committed" });
    expect(await showFile(gitdir, "main", "apps/web/values.yaml")).toBe(before.replace('tag: "1.0.0" # stage1', 'tag: "1.1.0" # stage1'));
    const [message = ""] = await commitMessages(gitdir, "main");
    expect(parseCommitTrailers(message)).toEqual(context("stage1", "1.1.0"));
    expect(ado.authorizations).toContain(`Basic ${Buffer.from(`:${PAT}`).toString("base64")}`);
  });

  it("uses the app's Entra token for the Azure DevOps resource", async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: (scope) => {
        scopes.push(...(Array.isArray(scope) ? scope : [scope]));
        return Promise.resolve({ token: BEARER, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    const { gitdir, writer } = await repository(entraAuthorization(credential));
    const result = await writer.commit({ branch: "main", edits: [kustomizeEdit("stage2", "2.0.0")], context: context("stage2", "2.0.0", "acme/api") });
    expect(result.status).toBe("committed");
    expect(await resolveRef(gitdir, "main")).toBe(result.commit);
    expect(new Set(scopes)).toEqual(new Set([azureDevOpsTokenScope]));
    expect(ado.authorizations.at(-1)).toBe(`Bearer ${BEARER}`);
  });

  it("refuses a wrong PAT as unauthorized, and never names the token", async () => {
    const wrong = "ado-pat-wrong-0000000000000000000000000000";
    const { writer, api } = await repository(patAuthorization(wrong));
    const error = await writer.commit({ branch: "main", edits: [valuesEdit("stage1", "1.1.0")], context: context("stage1", "1.1.0") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitOpsError);
    expect((error as GitOpsError).kind).toBe("unauthorized");
    const restError = await api.branchHead("main").catch((e: unknown) => e);
    expect((restError as GitOpsError).kind).toBe("unauthorized");
    for (const e of [error, restError]) {
      const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ""}`;
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(Buffer.from(`:${wrong}`).toString("base64"));
    }
  });
});

describe("pull requests on Azure Repos", () => {
  it("pushes the promotion branch, opens one pull request with auto-complete, and finds it again on retry", async () => {
    const { name, gitdir, prs } = await repository();
    const base = await resolveRef(gitdir, "main");
    const request = {
      branch: "main",
      edits: [valuesEdit("stage3", "3.1.0")],
      context: context("stage3", "3.1.0"),
      pullRequest: { labels: ["promotion"], autoMerge: "SQUASH" as const, deleteSourceBranch: true },
    };
    const opened = await prs.open(request);
    expect(opened).toMatchObject({ status: "opened", number: 1, head: "baton/web/stage3/3.1.0" });
    if (opened.status === "unchanged") throw new Error("expected a pull request");
    expect(opened.url).toBe(`${ado.url(name)}/pullrequest/1`);
    // The base is untouched; the promotion branch holds one commit on top of it, with trailers.
    expect(await resolveRef(gitdir, "main")).toBe(base);
    expect(await git(gitdir, ["rev-parse", "baton/web/stage3/3.1.0^"])).toBe(`${base}\n`);
    const [message = ""] = await commitMessages(gitdir, "baton/web/stage3/3.1.0");
    expect(parseCommitTrailers(message)).toEqual(context("stage3", "3.1.0"));
    const [pr] = ado.pullRequests(name);
    expect(pr).toMatchObject({
      title: "Promote acme/web to 3.1.0 in stage3",
      sourceRefName: "refs/heads/baton/web/stage3/3.1.0",
      targetRefName: "refs/heads/main",
      labels: ["promotion"],
      autoCompleteSetBy: { id: expect.any(String) as string },
      completionOptions: { mergeStrategy: "squash", deleteSourceBranch: true },
    });
    // The squash commit will carry the promotion commit's message, trailers included.
    expect(pr?.completionOptions?.mergeCommitMessage?.trim()).toBe(message);
    expect(pr?.description).toContain("| `apps/web/values.yaml` line");

    expect(await prs.open(request)).toEqual({ ...opened, status: "existing" });
    expect(ado.pullRequests(name)).toHaveLength(1);
    expect(await prs.state(1)).toEqual({ state: "open" });
  });

  it("reports the merge commit once the pull request completes; the squash commit keeps the trailers", async () => {
    const { name, gitdir, prs } = await repository();
    const opened = await prs.open({ branch: "main", edits: [valuesEdit("stage4", "4.0.0")], context: context("stage4", "4.0.0"), pullRequest: { autoMerge: "SQUASH" } });
    if (opened.status === "unchanged") throw new Error("expected a pull request");
    const merged = await ado.complete(name, opened.number);
    expect(await prs.state(opened.number)).toEqual({ state: "merged", mergeCommit: merged });
    expect(await resolveRef(gitdir, "main")).toBe(merged);
    const [message = ""] = await commitMessages(gitdir, "main");
    expect(parseCommitTrailers(message)).toEqual(context("stage4", "4.0.0"));
    expect(await resolveRef(gitdir, "baton/web/stage4/4.0.0")).toBeUndefined();
  });

  it("says an abandoned pull request stops the promotion", async () => {
    const { name, prs } = await repository();
    const opened = await prs.open({ branch: "main", edits: [valuesEdit("stage5", "5.0.0")], context: context("stage5", "5.0.0") });
    if (opened.status === "unchanged") throw new Error("expected a pull request");
    ado.abandon(name, opened.number);
    const error = await prs.state(opened.number).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "pull-request-closed", retryable: false });
    expect((error as Error).message).toMatch(/^Pull request !\d+ in .* was abandoned without merging; the promotion stops here\.$/);
  });

  it("opens nothing when the base already holds the values", async () => {
    const { name, gitdir, prs } = await repository();
    await commitFiles(gitdir, "main", { "apps/web/values.yaml": (await showFile(gitdir, "main", "apps/web/values.yaml")).replace('tag: "1.0.0" # stage6', 'tag: "6.0.0" # stage6') });
    const head = await resolveRef(gitdir, "main");
    expect(await prs.open({ branch: "main", edits: [valuesEdit("stage6", "6.0.0")], context: context("stage6", "6.0.0") })).toEqual({ status: "unchanged", commit: head });
    expect(ado.pullRequests(name)).toHaveLength(0);
  });

  it("says a missing base branch is not there", async () => {
    const { prs } = await repository();
    const error = await prs.open({ branch: "release", edits: [valuesEdit("stage7", "7.0.0")], context: context("stage7", "7.0.0") }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "repository-not-found" });
  });
});
