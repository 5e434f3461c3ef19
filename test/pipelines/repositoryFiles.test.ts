import { tmpdir } from "node:os";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretSource } from "../../shared/config/secrets.js";
import { createGitHubClient } from "../../shared/gitops/github/client.js";
import { createPipelineLookup } from "../../shared/pipelines/lookup.js";
import { createGitHubRepositoryFiles } from "../../shared/pipelines/source/githubFiles.js";
import { openRepositoryFiles } from "../../shared/pipelines/source/openRepository.js";
import { configTextSource } from "../../shared/pipelines/source/configText.js";
import { readPipelines } from "../../shared/pipelines/source/readPipelines.js";
import { readPipelineSourceSettings } from "../../shared/pipelines/source/settings.js";
import { createSmartHttpRepositoryFiles } from "../../shared/pipelines/source/smartHttpFiles.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fakeGitHub/index.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { MINIMAL } from "./problems.js";

const TOKEN = "fake-github-token";
const secrets = (values: Record<string, string>): SecretSource => ({
  get: (name) => Promise.resolve(values[name]),
  refresh: (name) => Promise.resolve(values[name]),
});

let github: FakeGitHub;
let gitServer: GitServer;

beforeAll(async () => {
  github = await startFakeGitHub({ token: TOKEN });
  await github.createRepo("acme", "gitops", { ".baton/pipelines.yaml": MINIMAL, "apps/readme.md": "hello" });
  gitServer = await startGitServer({ basicAuth: { username: "baton", password: "git-pass" } });
  await gitServer.createRepo("gitops", { ".baton/pipelines.yaml": MINIMAL }, "config");
});
afterAll(async () => {
  await github?.close();
  await gitServer?.close();
});

describe("GitHub repository files", () => {
  const files = () => createGitHubRepositoryFiles(createGitHubClient({ auth: { kind: "token", token: TOKEN }, baseUrl: github.baseUrl, throttle: false, serverErrorRetries: 0 }), "acme/gitops");

  it("reads a file with the commit of the branch head", async () => {
    const found = await files().readFile("main", ".baton/pipelines.yaml");
    expect(found?.text).toBe(MINIMAL);
    expect(found?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(github.requests.slice(-2)).toEqual(["GET /repos/acme/gitops/git/ref/heads%2Fmain", "GET /repos/acme/gitops/contents/.baton%2Fpipelines.yaml"]);
    expect(github.violations).toEqual([]);
  });

  it("re-checks with one ref lookup while the branch head has not moved", async () => {
    const source = configTextSource(readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "acme/gitops", BATON_PIPELINES_GITHUB_API_URL: github.baseUrl, BATON_PIPELINES_TOKEN_SECRET: "GITHUB_TOKEN" }), () => Promise.resolve(files()));
    const first = await source.read();
    const commit = first?.changed ? first.origin.commit : undefined;
    const before = github.requests.length;
    await expect(source.read(commit)).resolves.toEqual({ changed: false });
    expect(github.requests.slice(before)).toEqual(["GET /repos/acme/gitops/git/ref/heads%2Fmain"]);
  });

  it("answers undefined for a missing file and names a missing branch", async () => {
    await expect(files().readFile("main", ".baton/none.yaml")).resolves.toBeUndefined();
    await expect(files().readFile("nope", ".baton/pipelines.yaml")).rejects.toThrow("cannot read branch nope of GitHub repository acme/gitops: no branch nope (or no access to the repository)");
    github.takeViolations();
  });

  it("loads and pins the configuration through the settings, the token resolved by name", async () => {
    const source = readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: "acme/gitops", BATON_PIPELINES_GITHUB_API_URL: github.baseUrl, BATON_PIPELINES_TOKEN_SECRET: "GITHUB_TOKEN" });
    const files = (ref: Parameters<typeof openRepositoryFiles>[0]) => openRepositoryFiles(ref, { secrets: secrets({ GITHUB_TOKEN: TOKEN }), http, scratchRoot: tmpdir(), throttle: false });
    const config = (await readPipelines(source, files)).config;
    expect(config?.origin).toEqual({ path: "acme/gitops@main:.baton/pipelines.yaml", commit: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown });
    expect(config?.pipelines[0]?.origin).toEqual(config?.origin);
    const missing = (ref: Parameters<typeof openRepositoryFiles>[0]) => openRepositoryFiles(ref, { secrets: secrets({}), http, scratchRoot: tmpdir() });
    await expect(readPipelines(source, missing)).rejects.toThrow("secret GITHUB_TOKEN is not configured");
  });
});

describe("smart-HTTP repository files", () => {
  it("reads a file at the branch head with basic credentials", async () => {
    const files = createSmartHttpRepositoryFiles({ url: gitServer.url("gitops"), http, scratchRoot: tmpdir(), credentials: { username: "baton", password: "git-pass" } });
    const found = await files.readFile("config", ".baton/pipelines.yaml");
    expect(found?.text).toBe(MINIMAL);
    expect(found?.commit).toMatch(/^[0-9a-f]{40}$/);
    await expect(files.readFile("config", "missing.yaml")).resolves.toBeUndefined();
    await expect(files.readFile("nope", "missing.yaml")).rejects.toThrow(`cannot fetch branch nope of ${gitServer.url("gitops")}`);
    // The head alone, no pack: the 401 challenge, the ref advertisement, and ls-refs where the server speaks protocol v2.
    const before = gitServer.requestCount;
    await expect(files.headCommit("config")).resolves.toBe(found?.commit);
    expect(gitServer.requestCount - before).toBeLessThanOrEqual(3);
    await expect(files.headCommit("nope")).rejects.toThrow(`cannot read branch nope of ${gitServer.url("gitops")}: no branch nope`);
  });

  it("feeds ingestion's lookup from the repository, password resolved by name and never in the error", async () => {
    const source = readPipelineSourceSettings({
      BATON_PIPELINES_REPOSITORY: gitServer.url("gitops"),
      BATON_PIPELINES_BRANCH: "config",
      BATON_PIPELINES_USERNAME: "baton",
      BATON_PIPELINES_PASSWORD_SECRET: "GIT_PASSWORD",
    });
    const open = (values: Record<string, string>) => (ref: Parameters<typeof openRepositoryFiles>[0]) => openRepositoryFiles(ref, { secrets: secrets(values), http, scratchRoot: tmpdir() });
    const lookup = createPipelineLookup((await readPipelines(source, open({ GIT_PASSWORD: "git-pass" }))).pipelines);
    expect(lookup.forImage({ registry: "myacr.azurecr.io", repository: "web", tag: "1.0.0" }).matches.map((p) => p.name)).toEqual(["web"]);
    const message = await readPipelines(source, open({ GIT_PASSWORD: "wrong-pass" })).then(
      () => "resolved",
      (e: unknown) => (e instanceof Error ? `${e.message} ${String(e.cause)}` : "not an Error"),
    );
    expect(message).toContain("cannot fetch branch config");
    expect(message).not.toContain("wrong-pass");
  });
});
