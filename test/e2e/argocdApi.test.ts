// Argo CD readiness through the Argo CD API server, end to end and without any notification: the
// stages ask Argo CD to refresh right after each commit (GET ?refresh=normal) and poll
// GET /api/v1/applications/{name} with an account token from a named secret, against a fake API
// server held to Argo CD's published swagger, through Baton's outbound guard.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { application } from "../support/argoApplications.js";
import { FAKE_ARGOCD_TOKEN, startFakeArgoCd, type FakeArgoCd } from "../support/fakeArgoCd/index.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, digestOf, fileAt, gitLog, head, promotionId, pushImage, stageId, statusOf, useBatonWorld } from "./world.js";

let argo: FakeArgoCd;
beforeAll(async () => {
  argo = await startFakeArgoCd();
});
afterAll(() => argo?.close());
afterEach(() => {
  expect(argo.problems).toEqual([]);
});
const world = useBatonWorld({
  tablePrefix: "e2eargoapi",
  pipelines: { observe: "{ kind: argocd, url: ARGOCD_URL, tokenSecret: E2E_ARGOCD_TOKEN, project: default }" },
  env: () => ({ E2E_ARGOCD_TOKEN: FAKE_ARGOCD_TOKEN }),
  rewrite: (yaml) =>
    yaml
      .replace("ARGOCD_URL", `"${argo.url}"`)
      .replace('kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}"', 'kind: Application, namespace: argocd, name: "orders-api-{stage}"')
      .replace("        observe: {", "        argocdRefresh: true\n        observe: {"),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const reads = (name: string) => argo.requests.filter((r) => r.name === name && !r.query["refresh"]).length;

describe("a promotion released by polling the Argo CD API server", () => {
  const digest = digestOf(0xa71a);

  it("refreshes dev right after the commit and waits while the Application is synced to an older commit", async () => {
    for (const stage of ["dev", "staging"]) argo.put(application({ name: `orders-api-${stage}`, revision: await head(server) }));
    expect((await pushImage(host, "8.0.0", digest, "2026-01-06T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect(argo.requests.filter((r) => r.query["refresh"])).toEqual([{ name: "orders-api-dev", query: { appNamespace: ["argocd"], project: ["default"], refresh: ["normal"] } }]);
    await host.advanceThroughTimers(3 * 60_000);
    expect(reads("orders-api-dev")).toBeGreaterThan(0);
    expect((await statusOf(host, stageId(digest, "dev"))).customStatus).toMatchObject({ step: "awaiting-ready" });
  });

  it("moves on once the API server shows the Application Synced and Healthy at the dev commit", async () => {
    const devCommit = await head(server);
    argo.put(application({ name: "orders-api-dev", revision: devCommit }));
    await host.advanceThroughTimers(5 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect(await fileAt(server, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 8.0.0");
    const res = await host.fetch(`/api/promotions/${promotionId(digest)}`, { headers: APPROVER });
    const body = (await res.json()) as { timeline: { entry: { kind: string; stage?: string; via?: string; revision?: string } }[] };
    expect(body.timeline.map((t) => t.entry).find((e) => e.kind === "flux.observed" && e.stage === "dev")).toMatchObject({ via: "argocd-api", revision: devCommit });
  });

  it("rolls staging back when the API server shows the sync of the staging commit failed, with Argo CD's message", async () => {
    const stagingCommit = await head(server);
    argo.put(
      application({
        name: "orders-api-staging",
        sync: "OutOfSync",
        revision: stagingCommit,
        health: "Healthy",
        operation: { phase: "Failed", message: "one or more objects failed to apply, reason: Deployment.apps \"orders-api\" is invalid: spec.template.spec.containers[0].image: Required value", revision: stagingCommit },
      }),
    );
    await host.advanceThroughTimers(5 * 60_000);
    const [rollback] = await gitLog(server);
    expect(parseCommitTrailers(rollback ?? "")).toMatchObject({ promotionId: promotionId(digest), stage: "staging", action: "rollback" });
    argo.put(application({ name: "orders-api-staging", revision: await head(server) }));
    await host.advanceThroughTimers(5 * 60_000);
    const s = await statusOf(host, promotionId(digest));
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "succeeded" }, { name: "staging", outcome: "failed" }] });
    expect((s.output as { reason: string }).reason).toContain(`Argo CD reports Application argocd/orders-api-staging on aks-staging SyncFailed at ${stagingCommit}: one or more objects failed to apply`);
  });
});

describe("a promotion whose Argo CD token was revoked", () => {
  const digest = digestOf(0xa401);

  it("fails dev at the readiness timeout saying Argo CD refused the token in the named secret, never the token", async () => {
    argo.acceptToken("a-newer-token-baton-does-not-have");
    argo.put(application({ name: "orders-api-dev", revision: "0".repeat(40) }));
    expect((await pushImage(host, "8.1.0", digest, "2026-01-07T00:00:00Z")).status).toBe(202);
    await host.settle();
    await host.advanceThroughTimers(40 * 60_000);
    const s = await statusOf(host, promotionId(digest));
    expect(s.runtimeStatus).toBe("Completed");
    expect(s.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "failed" }] });
    const reason = (s.output as { reason: string }).reason;
    expect(reason).toContain("timed out after 15m waiting for Application argocd/orders-api-dev on aks-dev");
    expect(reason).toContain("is not observable through argocd-api: GET /api/v1/applications/orders-api-dev?appNamespace=argocd&project=default");
    expect(reason).toContain("answered 401 (invalid session: token signature is invalid): Argo CD did not accept the token in secret E2E_ARGOCD_TOKEN");
    const everything = JSON.stringify([s, await statusOf(host, stageId(digest, "dev")), host.history(stageId(digest, "dev"))]);
    expect(everything).not.toContain(FAKE_ARGOCD_TOKEN);
  });
});
