// Azure Repos with the app's own Entra identity, through the runtime: the activities' credential
// (DefaultAzureCredential in production; a stand-in here, which the fake accepts) is asked for the
// Azure DevOps resource and its token carries the commit.
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { azureDevOpsTokenScope } from "../../shared/azureDevOps/tokenScope.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { setActivityOverrides } from "../fixtures/e2e/overrides.js";
import { useAzurite } from "../support/azurite.js";
import { commitMessages } from "../support/bareRepo.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/gitServer.js";
import { digestOf, gitopsFiles, pipelinesYaml, pushImage, startBaton, statusOf, stageId } from "./world.js";

const TOKEN = "entra-e2e-token-for-azure-devops-5d6e7f";
const scopes: string[] = [];
const credential: TokenCredential = {
  getToken(scope): Promise<AccessToken> {
    scopes.push(...(Array.isArray(scope) ? scope : [scope]));
    return Promise.resolve({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 });
  },
};

const azurite = useAzurite();
let ado: FakeAzureDevOps;
let host: TestHost;
beforeAll(async () => {
  ado = await startFakeAzureDevOps({ organization: "contoso", project: "platform", bearer: TOKEN });
  await ado.createRepo("gitops", gitopsFiles("1.0.0"));
  setActivityOverrides({ azureCredential: credential });
  const yaml = pipelinesYaml({ repoUrl: ado.url("gitops") }).replace(`git: { url: "${ado.url("gitops")}", branch: main, auth: { kind: none } }`, `git: { provider: azure-devops, url: "${ado.url("gitops")}", branch: main, auth: { kind: entra } }`);
  host = await startBaton({ AzureWebJobsStorage: azurite().connectionString, BATON_TABLE_PREFIX: "e2eadoentra", BATON_PIPELINES: yaml }, ["functions/!(orchestrations).ts", "test/fixtures/e2e/gatesApp.ts"]);
}, 120_000);
afterAll(async () => {
  await host.dispose();
  await ado.close();
});

describe("Azure Repos with the app's Entra identity", () => {
  it("commits with a bearer token for the Azure DevOps resource", async () => {
    const digest = digestOf(0xe17a);
    expect((await pushImage(host, "3.0.0", digest, "2026-03-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    const [message = ""] = await commitMessages(ado.gitdir("gitops"), "main");
    expect(parseCommitTrailers(message)).toMatchObject({ stage: "dev", image: { tag: "3.0.0", digest } });
    expect(new Set(scopes)).toEqual(new Set([azureDevOpsTokenScope]));
    expect(ado.authorizations.length).toBeGreaterThan(0);
    expect(new Set(ado.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(JSON.stringify(host.logs)).not.toContain(TOKEN);
  });
});
