// Flux delivers events fire-and-forget: when one is lost, the stage still sees Ready by polling
// the cluster (here the Kubernetes API of a fake API server following its contract, read by
// the real client with the kubeconfig held in a secret).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { kustomization } from "../readiness/support/fluxObjects.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, digestOf, head, promotionId, pushImage, useBatonWorld, statusOf, stageId } from "./world.js";

let kube: FakeKubernetes;
let initial = "";
beforeAll(async () => {
  kube = await startFakeKubernetes();
});
afterAll(async () => {
  await kube?.close();
});
const world = useBatonWorld({
  tablePrefix: "e2epoll",
  pipelines: { observe: "{ kind: kubernetes, kubeconfigSecret: E2E_KUBECONFIG }" },
  env: () => ({ E2E_KUBECONFIG: kube.kubeConfig().exportConfig() }),
});
let host: TestHost;
let server: GitServer;
beforeAll(async () => {
  ({ host, server } = world());
  initial = await head(server);
});

describe("a lost Flux event", () => {
  const digest = digestOf(0x1057);

  it("keeps waiting while the cluster reports the old revision", async () => {
    kube.put(kustomization({ name: "orders-api-dev", lastAppliedRevision: `main@sha1:${initial}` }));
    expect((await pushImage(host, "5.0.0", digest, "2026-01-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    await host.advanceThroughTimers(45_000);
    expect(kube.requests.some((p) => p.endsWith("/namespaces/flux-system/kustomizations/orders-api-dev"))).toBe(true);
    const s = await statusOf(host, stageId(digest, "dev"));
    expect(s.customStatus?.step).toBe("awaiting-ready");
  });

  it("is recovered by polling once the cluster runs the promoted commit", async () => {
    const promoted = await head(server);
    kube.put(kustomization({ name: "orders-api-dev", generation: 4, lastAppliedRevision: `main@sha1:${promoted}` }));
    await host.advanceThroughTimers(3 * 60_000);
    expect((await statusOf(host, stageId(digest, "dev"))).runtimeStatus).toBe("Completed");
    expect((await statusOf(host, stageId(digest, "staging"))).customStatus?.step).toBe("awaiting-ready");
    const res = await host.fetch(`/api/promotions/${promotionId(digest)}`, { headers: APPROVER });
    const body = (await res.json()) as { timeline: { entry: { kind: string; stage?: string; via?: string; revision?: string } }[] };
    const observed = body.timeline.map((t) => t.entry).find((e) => e.kind === "flux.observed" && e.stage === "dev");
    expect(observed).toMatchObject({ via: "kubernetes", revision: `main@sha1:${promoted}` });
  });
});
