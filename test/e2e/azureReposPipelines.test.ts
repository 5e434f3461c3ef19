// End to end through the local runtime with the pipelines file itself in Azure Repos (the fake:
// Refs - List and Items - Get checked against the published 7.1 specification, a PAT named by
// BATON_PIPELINES_TOKEN_SECRET). A promotion runs the pipeline read from there, pinned at the
// commit it was read at; an edit pushed to the file and announced by the `git.push` service hook
// is what the next promotion runs, with no clock moving in between (so no re-check timer and no
// refresh interval could have read it instead).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { useAzurite } from "../support/azurite.js";
import { commitFiles, git, resolveRef } from "../support/bareRepo.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/gitServer.js";
import { digestOf, fluxReports, gitopsFiles, promotionId, pushImage, REGISTRY, stageId, startBaton, statusOf } from "./world.js";

const PAT = "ado-e2e-pipelines-pat-9e8d7c6b5a4f3e2d1c0b";
const HOOK_TOKEN = "ado-e2e-hook-token-5f4e3d2c1b0a";
const PATH = ".baton/pipelines.yaml";

function pipelines(url: string, stages: string[]): string {
  return `version: 1
defaults:
  git: { provider: azure-devops, url: "${url}", branch: main, auth: { kind: token, tokenSecret: E2E_ADO_GITOPS_PAT } }
  readiness: { timeout: 15m }
  onFailure: abort
pipelines:
  - name: orders-api
    source:
      image: ${REGISTRY}/orders-api
      tags: { kind: any }
    template:
      edits:
        - file: apps/orders-api/overlays/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}" }
    stages: [${stages.join(", ")}]
`;
}

const azurite = useAzurite();
let ado: FakeAzureDevOps;
let host: TestHost;
beforeAll(async () => {
  ado = await startFakeAzureDevOps({ organization: "contoso", project: "platform", pat: PAT });
  await ado.createRepo("gitops", { ...gitopsFiles("1.0.0"), [PATH]: pipelines(ado.url("gitops"), ["dev"]) });
  host = await startBaton({
    AzureWebJobsStorage: azurite().connectionString,
    BATON_TABLE_PREFIX: "e2eadopipelines",
    BATON_PIPELINES: "",
    BATON_PIPELINES_REPOSITORY: ado.url("gitops"),
    // The fake listens on loopback, not on dev.azure.com: say it is Azure DevOps (as for a server).
    BATON_PIPELINES_PROVIDER: "azure-devops",
    // Baton's own secret for reading its configuration: the pipelines file may not name it, so the
    // stages commit with a secret of their own (here the same PAT; in production a read-only one here).
    BATON_PIPELINES_TOKEN_SECRET: "E2E_ADO_CONFIG_PAT",
    E2E_ADO_CONFIG_PAT: PAT,
    E2E_ADO_GITOPS_PAT: PAT,
    AZUREDEVOPS_WEBHOOK_TOKEN: HOOK_TOKEN,
  });
}, 120_000);
afterAll(async () => {
  await host.dispose();
  await ado.close();
});

const gitdir = (): string => ado.gitdir("gitops");
const main = async (): Promise<string> => (await resolveRef(gitdir(), "main")) ?? "";
const overlay = (revision: string, stage: string): Promise<string> => git(gitdir(), ["show", `${revision}:apps/orders-api/overlays/${stage}/kustomization.yaml`]);

/** Azure DevOps reports a push (Web Hooks consumer, basic credentials), in the documented format. */
function announcePush(oldObjectId: string, newObjectId: string, branch = "main"): Promise<Response> {
  const hook = JSON.parse(readFileSync(new URL("../fixtures/azureDevOps/serviceHooks/gitPush.json", import.meta.url), "utf8")) as {
    id: string;
    resource: { refUpdates: { name: string; oldObjectId: string; newObjectId: string }[]; repository: { remoteUrl: string } };
  };
  hook.id = `push-${newObjectId}`;
  hook.resource.refUpdates = [{ name: `refs/heads/${branch}`, oldObjectId, newObjectId }];
  hook.resource.repository.remoteUrl = ado.url("gitops");
  return host.fetch("/api/ingest/azuredevops", {
    method: "POST",
    body: JSON.stringify(hook),
    headers: { "content-type": "application/json; charset=utf-8", authorization: `Basic ${Buffer.from(`azure-devops:${HOOK_TOKEN}`).toString("base64")}` },
  });
}

describe("a pipelines file in Azure Repos", () => {
  const first = digestOf(0xadc1);
  const second = digestOf(0xadc2);
  let fileCommit = "";

  it("runs the pipeline read from Azure Repos, pinned at the commit it was read at", async () => {
    fileCommit = await main();
    expect((await pushImage(host, "2.0.0", first, "2026-03-04T00:00:00Z")).status).toBe(202);
    await host.settle();
    const head = await main();
    expect(await overlay(head, "dev")).toContain("newTag: 2.0.0 # promoted by Baton");
    // The pinning activity's result names the commit the file was read at.
    expect(JSON.stringify(host.history(promotionId(first)))).toMatch(new RegExp(`origin[^}]*gitops@main:\\.baton/pipelines\\.yaml[^}]*${fileCommit}`));
    // Read through the REST API (Items - Get at the branch), with the PAT as Basic with an empty user name.
    expect(ado.requests.some((r) => r.startsWith("GET /contoso/platform/_apis/git/repositories/gitops/items?path=%2F.baton%2Fpipelines.yaml"))).toBe(true);
    expect((await fluxReports(host, "dev", `main@sha1:${head}`)).status).toBeLessThan(300);
    await host.settle();
    expect((await statusOf(host, promotionId(first))).output).toMatchObject({ outcome: "succeeded" });
  });

  it("runs the edited file for the next promotion once the git.push service hook announced it", async () => {
    const before = await main();
    const edited = await commitFiles(gitdir(), "main", { [PATH]: pipelines(ado.url("gitops"), ["staging"]) }, "Promote orders-api through staging only");
    const answer = await announcePush(before, edited);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ status: "pipelines-refresh" });
    expect((await pushImage(host, "2.1.0", second, "2026-03-04T01:00:00Z")).status).toBe(202);
    await host.settle();
    const head = await main();
    // The new file's only stage is staging: dev keeps the first promotion's tag.
    expect(await overlay(head, "staging")).toContain("newTag: 2.1.0 # promoted by Baton");
    expect(await overlay(head, "dev")).toContain("newTag: 2.0.0 # promoted by Baton");
    expect((await statusOf(host, stageId(second, "staging"))).customStatus?.step).toBe("awaiting-ready");
    expect(JSON.stringify(host.history(promotionId(second)))).toMatch(new RegExp(`origin[^}]*gitops@main:\\.baton/pipelines\\.yaml[^}]*${edited}`));
    expect(ado.violations).toEqual([]);
  });

  it("answers a push to another branch as ignored, and never shows the PAT", async () => {
    const branch = await announcePush("0".repeat(40), "1".repeat(40), "feature");
    expect(branch.status).toBe(202);
    expect(await branch.json()).toMatchObject({ status: "ignored" });
    // The documented sample names another repository.
    const other = await host.fetch("/api/ingest/azuredevops", {
      method: "POST",
      body: readFileSync(new URL("../fixtures/azureDevOps/serviceHooks/gitPush.json", import.meta.url), "utf8"),
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Basic ${Buffer.from(`azure-devops:${HOOK_TOKEN}`).toString("base64")}` },
    });
    expect(other.status).toBe(202);
    expect(await other.json()).toMatchObject({ status: "ignored" });
    const seen = [JSON.stringify(host.logs), ...[first, second].flatMap((d) => [JSON.stringify(host.history(promotionId(d))), JSON.stringify(host.history(stageId(d, d === first ? "dev" : "staging")))])].join("\n");
    expect(seen).toContain("orders-api");
    for (const form of [PAT, Buffer.from(`:${PAT}`).toString("base64")]) expect(seen).not.toContain(form);
  });
});
