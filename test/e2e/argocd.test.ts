// Argo CD as the readiness source end to end: Baton commits each stage, Argo CD's notification
// service reports the Application (webhook service, bearer token, Baton's documented template
// body), and the stage moves on when the Application is Synced and Healthy at the commit, or
// rolls back when Argo CD reports it Degraded there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { application, notificationBody, type ApplicationInput } from "../support/argoApplications.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fileAt, gitLog, head, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

const ARGOCD_TOKEN = "argocd-e2e-token-0123456789";
// The stages also ask Argo CD to refresh right after each commit, through this API server.
let kube: FakeKubernetes;
beforeAll(async () => {
  kube = await startFakeKubernetes();
});
afterAll(() => kube?.close());
const world = useBatonWorld({
  tablePrefix: "e2eargo",
  pipelines: { observe: "{ kind: kubernetes, kubeconfigSecret: E2E_KUBECONFIG }" },
  env: () => ({ ARGOCD_WEBHOOK_TOKEN: ARGOCD_TOKEN, E2E_KUBECONFIG: kube.kubeConfig().exportConfig() }),
  rewrite: (yaml) =>
    yaml
      .replace('kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}"', 'kind: Application, namespace: argocd, name: "orders-api-{stage}"')
      .replace("        observe: {", "        argocdRefresh: true\n        observe: {"),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

async function argocdReports(stage: string, input: Omit<ApplicationInput, "name">, token = ARGOCD_TOKEN): Promise<Response> {
  const body = notificationBody(application({ name: `orders-api-${stage}`, ...input }));
  return host.fetch(`/api/ingest/argocd/aks-${stage}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
}

describe("a promotion released by Argo CD notifications", () => {
  const digest = digestOf(0xa760);

  it("waits at dev until the Application is Synced and Healthy at the dev commit, then commits staging", async () => {
    for (const stage of ["dev", "staging"]) kube.put(application({ name: `orders-api-${stage}`, revision: "0".repeat(40) }));
    expect((await pushImage(host, "7.0.0", digest, "2026-01-05T00:00:00Z")).status).toBe(202);
    await host.settle();
    const devCommit = await head(server);
    // Right after the commit, Argo CD was asked to refresh the dev Application.
    expect(kube.patches.map((p) => p.path)).toEqual(["/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/orders-api-dev"]);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus).toMatchObject({ step: "awaiting-ready", waitingFor: expect.stringContaining("Application argocd/orders-api-dev on aks-dev") as unknown });

    expect(await (await argocdReports("dev", { revision: devCommit, health: "Progressing" })).json()).toMatchObject({ status: "ignored" });
    await host.settle();
    expect(await head(server)).toBe(devCommit);

    const refused = await argocdReports("dev", { revision: devCommit }, "wrong-token");
    expect(refused.status).toBe(401);
    await host.settle();
    expect(await head(server)).toBe(devCommit);

    const released = await argocdReports("dev", { revision: devCommit });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ status: "routed", delivered: 1 });
    await host.settle();
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect(await fileAt(server, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 7.0.0");
  });

  it("rolls staging back when Argo CD reports the synced Application Degraded at our commit", async () => {
    const stagingCommit = await head(server);
    const res = await argocdReports("staging", { revision: stagingCommit, health: "Degraded", healthMessage: "Deployment orders-api exceeded its progress deadline" });
    expect(await res.json()).toMatchObject({ status: "routed", delivered: 1 });
    await host.settle();
    const [rollback] = await gitLog(server);
    expect(parseCommitTrailers(rollback ?? "")).toMatchObject({ promotionId: promotionId(digest), stage: "staging", action: "rollback" });
    expect(await fileAt(server, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 1.0.0");

    expect((await argocdReports("staging", { revision: await head(server) })).status).toBe(200);
    await host.settle();
    const s = await statusOf(host, promotionId(digest));
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "succeeded" }, { name: "staging", outcome: "failed" }] });
    expect((s.output as { reason: string }).reason).toContain("Argo CD reports Application argocd/orders-api-staging on aks-staging Degraded");
  });
});
