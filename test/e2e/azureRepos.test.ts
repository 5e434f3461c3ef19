// End to end through the local runtime with the GitOps repository in Azure Repos (the fake: git
// over smart HTTP through a real git http-backend, the REST API checked against the published
// specification). dev commits directly with a PAT; prod opens a pull request with auto-complete,
// and the stage moves on with the merge commit once Azure Repos completes it (found by polling);
// an abandoned pull request fails the stage with a clear reason. The PAT is never anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { useAzurite } from "../support/azurite.js";
import { commitMessages, git, resolveRef } from "../support/bareRepo.js";
import { startFakeAzureDevOps, type FakeAzureDevOps } from "../support/fakeAzureDevOps/gitServer.js";
import { digestOf, fluxReports, gitopsFiles, promotionId, pushImage, REGISTRY, stageId, startBaton, statusOf } from "./world.js";

const PAT = "ado-e2e-pat-4c1f8a9b7d3e2f60a5b4c3d2e1f0a9b8";
const REPO = "gitops";

function pipelines(url: string): string {
  return `version: 1
defaults:
  git: { provider: azure-devops, url: "${url}", branch: main, auth: { kind: token, tokenSecret: E2E_ADO_PAT } }
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
    stages:
      - dev
      - name: prod
        writeMode: pull-request
        pullRequest: { autoMerge: true, labels: [promotion], pollInterval: 1m, timeout: 1d }
`;
}

const azurite = useAzurite();
let ado: FakeAzureDevOps;
let host: TestHost;
beforeAll(async () => {
  ado = await startFakeAzureDevOps({ organization: "contoso", project: "platform", pat: PAT });
  await ado.createRepo(REPO, gitopsFiles("1.0.0"));
  host = await startBaton({
    AzureWebJobsStorage: azurite().connectionString,
    BATON_TABLE_PREFIX: "e2eado",
    BATON_PIPELINES: pipelines(ado.url(REPO)),
    E2E_ADO_PAT: PAT,
  });
}, 120_000);
afterAll(async () => {
  await host.dispose();
  await ado.close();
});

const gitdir = (): string => ado.gitdir(REPO);
const main = async (): Promise<string> => (await resolveRef(gitdir(), "main")) ?? "";
const fileAt = (revision: string, stage: string): Promise<string> => git(gitdir(), ["show", `${revision}:apps/orders-api/overlays/${stage}/kustomization.yaml`]);

async function reconciled(stage: string, commit: string): Promise<void> {
  const res = await fluxReports(host, stage, `main@sha1:${commit}`);
  expect(res.status).toBeLessThan(300);
  await host.settle();
}

describe("an Azure Repos GitOps repository", () => {
  const digest = digestOf(0xad0);
  const id = promotionId(digest);

  it("commits dev directly over smart HTTP, byte-exact and with trailers", async () => {
    const before = await main();
    const beforeText = await fileAt(before, "dev");
    expect((await pushImage(host, "2.0.0", digest, "2026-03-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    const head = await main();
    expect(head).not.toBe(before);
    expect(await git(gitdir(), ["rev-parse", `${head}^`])).toBe(`${before}\n`);
    const after = await fileAt(head, "dev");
    // Only the tag changes and the digest line is added under it, in the entry's indentation.
    expect(after).toBe(beforeText.replace(/^( *)newTag: 1\.0\.0 # promoted by Baton$/m, `$1newTag: 2.0.0 # promoted by Baton\n$1digest: ${digest}`));
    const [message = ""] = await commitMessages(gitdir(), "main");
    expect(parseCommitTrailers(message)).toMatchObject({ promotionId: id, pipeline: "orders-api", stage: "dev", image: { name: `${REGISTRY}/orders-api`, tag: "2.0.0", digest } });
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
  });

  it("opens a pull request for prod with auto-complete, and waits for it", async () => {
    await reconciled("dev", await main());
    const [pr] = ado.pullRequests(REPO);
    expect(pr).toMatchObject({ status: "active", sourceRefName: "refs/heads/baton/orders-api/prod/2.0.0", targetRefName: "refs/heads/main", labels: ["promotion"], completionOptions: { mergeStrategy: "squash", deleteSourceBranch: true } });
    const prod = await statusOf(host, stageId(digest, "prod"));
    expect(prod.customStatus).toMatchObject({ step: "awaiting-merge", stage: "prod" });
    // A poll while the pull request is still active changes nothing.
    await host.advance(61_000);
    expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.step).toBe("awaiting-merge");
  });

  it("moves on with the merge commit once Azure Repos completes the pull request", async () => {
    const merged = await ado.complete(REPO, 1);
    await host.advance(61_000);
    const prod = await statusOf(host, stageId(digest, "prod"));
    expect(prod.customStatus?.step).toBe("awaiting-ready");
    expect(prod.customStatus?.waitingFor).toContain(merged.slice(0, 7));
    expect(await fileAt(merged, "prod")).toContain("newTag: 2.0.0 # promoted by Baton");
    // The squash commit carries the promotion commit's trailers.
    expect(parseCommitTrailers((await commitMessages(gitdir(), "main"))[0] ?? "")).toMatchObject({ promotionId: id, stage: "prod" });
    await reconciled("prod", merged);
    const done = await statusOf(host, id);
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toMatchObject({ outcome: "succeeded" });
    expect(ado.violations).toEqual([]);
  });

  it("fails the stage with a clear reason when the pull request is abandoned", async () => {
    const next = digestOf(0xad1);
    expect((await pushImage(host, "2.1.0", next, "2026-03-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    await reconciled("dev", await main());
    const pr = ado.pullRequests(REPO).find((p) => p.sourceRefName === "refs/heads/baton/orders-api/prod/2.1.0");
    expect(pr?.status).toBe("active");
    ado.abandon(REPO, pr?.pullRequestId ?? 0);
    await host.advance(61_000);
    const stage = await statusOf(host, stageId(next, "prod"));
    expect(stage.runtimeStatus).toBe("Completed");
    const promotion = await statusOf(host, promotionId(next));
    expect(promotion.output).toMatchObject({ outcome: "failed" });
    expect(JSON.stringify(promotion.output)).toMatch(/Pull request !\d+ in http:\/\/127\.0\.0\.1:\d+\/contoso\/platform\/_git\/gitops was abandoned without merging; the promotion stops here\./);
    expect(ado.violations).toEqual([]);
  });

  it("never shows the PAT in logs, history, status or output", async () => {
    const forms = [PAT, Buffer.from(`:${PAT}`).toString("base64"), Buffer.from(PAT).toString("base64")];
    const ids = [digestOf(0xad0), digestOf(0xad1)].flatMap((d) => [promotionId(d), stageId(d, "dev"), stageId(d, "prod")]);
    const seen = [JSON.stringify(host.logs)];
    for (const instance of ids) {
      seen.push(JSON.stringify(host.history(instance)), JSON.stringify(await host.status(instance)));
    }
    const res = await host.fetch(`/api/promotions/${promotionId(digestOf(0xad1))}`, { headers: { "x-functions-key": "k-e2e-operator-0123456789abcdef" } });
    seen.push(await res.text());
    const text = seen.join("\n");
    expect(text).toContain("abandoned");
    for (const form of forms) expect(text).not.toContain(form);
  });
});
