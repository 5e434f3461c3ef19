// The pipelines file read from Azure Repos through the REST API (Refs - List, Items - Get; the fake
// checks both against the published 7.1 specification), with a PAT or the app's Entra identity:
// text and commit together, a re-check that costs one ref lookup until the branch moves, clear
// messages for a missing file or branch, and never a credential in them.
import { tmpdir } from "node:os";
import type { AccessToken, TokenCredential } from "@azure/identity";
import http from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretSource } from "../../../shared/config/secrets.js";
import { azureDevOpsTokenScope } from "../../../shared/azureDevOps/tokenScope.js";
import type { RepositoryAuth, RepositoryRef } from "../../../shared/pipelines/config/model.js";
import { configTextSource } from "../../../shared/pipelines/source/configText.js";
import { openRepositoryFiles } from "../../../shared/pipelines/source/openRepository.js";
import { readPipelines } from "../../../shared/pipelines/source/readPipelines.js";
import { readPipelineSourceSettings } from "../../../shared/pipelines/source/settings.js";
import { commitFiles, resolveRef } from "../../support/bareRepo.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../../support/fakeAzureDevOps/gitServer.js";
import { MINIMAL } from "../problems.js";

const PAT = "ado-pipelines-pat-1b2c3d4e5f60718293a4b5c6d7e8f901";
const BEARER = "entra-token-for-the-pipelines-source-0a1b2c";
const PATH = ".baton/pipelines.yaml";

const secrets: SecretSource = {
  get: (name) => Promise.resolve(name === "E2E_ADO_PAT" ? PAT : name === "WRONG_PAT" ? "not-the-pat-0000" : undefined),
  refresh: (name) => secrets.get(name),
};
const scopes: string[] = [];
const credential: TokenCredential = {
  getToken(scope): Promise<AccessToken> {
    scopes.push(...(Array.isArray(scope) ? scope : [scope]));
    return Promise.resolve({ token: BEARER, expiresOnTimestamp: Date.now() + 3_600_000 });
  },
};

let ado: FakeAzureDevOps;
beforeAll(async () => {
  ado = await startFakeAzureDevOps({ organization: "contoso", project: "Platform Team", pat: PAT, bearer: BEARER });
  await ado.createRepo("gitops", { [PATH]: MINIMAL, "README.md": "gitops\n" });
});
afterAll(() => ado.close());

/** What BATON_PIPELINES_REPOSITORY and friends make of the fake's URL (the settings reader itself). */
function settingsFor(auth: Record<string, string>, branch = "main") {
  return readPipelineSourceSettings({ BATON_PIPELINES_REPOSITORY: ado.url("gitops"), BATON_PIPELINES_PROVIDER: "azure-devops", BATON_PIPELINES_BRANCH: branch, ...auth });
}

function source(auth: Record<string, string>, branch = "main", path = PATH) {
  const settings = settingsFor(auth, branch);
  const repository = settings.repository ? { ...settings.repository, path } : undefined;
  const files = (ref: RepositoryRef) => openRepositoryFiles(ref, { secrets, http, scratchRoot: tmpdir(), azureCredential: () => credential });
  return { settings: { ...settings, ...(repository ? { repository } : {}) }, text: configTextSource({ ...settings, ...(repository ? { repository } : {}) }, files), files };
}

const messageChain = (error: unknown): string => {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message);
  return parts.join(": ");
};

describe("the pipelines file from Azure Repos", () => {
  it("reads text and commit in one Items request with a PAT, then re-checks with one ref lookup", async () => {
    const { text, settings } = source({ BATON_PIPELINES_TOKEN_SECRET: "E2E_ADO_PAT" });
    expect(settings.repository?.ref).toEqual({ provider: "azure-devops", url: ado.url("gitops").replace("Platform%20Team", "Platform Team"), branch: "main", auth: { kind: "token", tokenSecret: "E2E_ADO_PAT" } satisfies RepositoryAuth });
    const head = await resolveRef(ado.gitdir("gitops"), "main");
    const before = ado.requests.length;
    const read = await text.read();
    expect(read).toEqual({ changed: true, text: MINIMAL, origin: { path: `${settings.repository?.ref.provider === "azure-devops" ? settings.repository.ref.url : ""}@main:${PATH}`, commit: head } });
    expect(ado.requests.slice(before)).toEqual([expect.stringMatching(/^GET \/contoso\/Platform%20Team\/_apis\/git\/repositories\/gitops\/items\?path=%2F.baton%2Fpipelines.yaml&versionDescriptor.version=main&versionDescriptor.versionType=branch&includeContent=true&%24format=json&api-version=7.1$/)]);
    // Nothing moved: one ref lookup, no read.
    const again = ado.requests.length;
    expect(await text.read(head)).toEqual({ changed: false });
    expect(ado.requests.slice(again)).toEqual([expect.stringMatching(/^GET .*\/refs\?filter=heads%2Fmain&api-version=7.1$/)]);
    // A push moves the branch: the new text at the new commit.
    const edited = MINIMAL.replace("pipelines:", "# edited\npipelines:");
    const next = await commitFiles(ado.gitdir("gitops"), "main", { [PATH]: edited });
    expect(await text.read(head)).toEqual({ changed: true, text: edited, origin: { path: expect.any(String) as unknown, commit: next } });
    const parsed = await readPipelines(settingsFor({ BATON_PIPELINES_TOKEN_SECRET: "E2E_ADO_PAT" }), (ref) => openRepositoryFiles(ref, { secrets, http, scratchRoot: tmpdir() }));
    expect(parsed.origin.commit).toBe(next);
    expect(parsed.pipelines.length).toBeGreaterThan(0);
    expect(new Set(ado.authorizations.slice(-3))).toEqual(new Set([`Basic ${Buffer.from(`:${PAT}`).toString("base64")}`]));
    expect(ado.violations).toEqual([]);
  });

  it("reads with the app's Entra identity, asking for the Azure DevOps scope", async () => {
    const { text } = source({ BATON_PIPELINES_AUTH: "entra" });
    const before = ado.authorizations.length;
    const read = await text.read();
    expect(read).toMatchObject({ changed: true, origin: { commit: await resolveRef(ado.gitdir("gitops"), "main") } });
    expect(new Set(ado.authorizations.slice(before))).toEqual(new Set([`Bearer ${BEARER}`]));
    expect(new Set(scopes)).toEqual(new Set([azureDevOpsTokenScope]));
    expect(ado.violations).toEqual([]);
  });

  it("says which is missing, the file or the branch, and never shows the credential", async () => {
    const missingFile = await source({ BATON_PIPELINES_TOKEN_SECRET: "E2E_ADO_PAT" }, "main", ".baton/other.yaml").text.read().catch(messageChain);
    expect(missingFile).toMatch(/_git\/gitops has no \.baton\/other\.yaml on branch main: commit the pipelines file there or set BATON_PIPELINES_PATH/);
    const missingBranch = await source({ BATON_PIPELINES_TOKEN_SECRET: "E2E_ADO_PAT" }, "config").text.read().catch(messageChain);
    expect(missingBranch).toMatch(/cannot read branch config of Azure Repos http:\/\/127\.0\.0\.1:\d+\/contoso\/Platform Team\/_git\/gitops: no branch config/);
    const refused = await source({ BATON_PIPELINES_TOKEN_SECRET: "WRONG_PAT" }).text.read().catch(messageChain);
    expect(refused).toMatch(/Azure DevOps refused the credentials \(HTTP 401\)/);
    for (const text of [missingFile, missingBranch, refused]) {
      expect(text).not.toContain(PAT);
      expect(text).not.toContain("not-the-pat-0000");
      expect(text).not.toContain(Buffer.from(":not-the-pat-0000").toString("base64"));
    }
    expect(ado.violations).toEqual([]);
  });
});
