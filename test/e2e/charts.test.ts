// Issue 14.3 end to end through the local runtime: a Helm chart pushed to ACR (an ImagePushed
// event for an OCI manifest, through the Event Grid webhook door) starts a chart promotion; each
// stage commits the chart version byte-exactly (a HelmRelease, an OCIRepository, an umbrella
// chart's Chart.yaml with its Chart.lock) and waits until Flux reports the release at that version.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import type { GitServer } from "../support/gitServer.js";
import { chartDigest } from "../support/fakeAcr.js";
import { CHART_PIPELINES, EVENTGRID_KEY, OCI_REPOSITORY_FILE, STALE_UMBRELLA, UMBRELLA_CHART, chartGitopsFiles, chartLockFor, helmPush as announce, helmReleaseFile, helmReleaseReports, kustomizationReports } from "./chartWorld.js";
import { REGISTRY_DOORS_ENTRY, useFakeAcr } from "./fakeAcrWorld.js";
import { REGISTRY, digestOf, fileAt, gitLog, head, statusOf, useBatonWorld } from "./world.js";

// Baton reads each pushed manifest from the registry (is it a Helm chart?): a fake ACR under the name the pipelines use.
const acr = useFakeAcr(REGISTRY);
const world = useBatonWorld({ tablePrefix: "e2echarts", yaml: CHART_PIPELINES, files: chartGitopsFiles(), env: () => ({ EVENTGRID_WEBHOOK_KEY: EVENTGRID_KEY }), entry: REGISTRY_DOORS_ENTRY });
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const stageOf = (pipeline: string, digest: string, stage: string) => stageInstanceId(promotionInstanceId(pipeline, digest), stage);

/** `helm push`: the chart lands in the registry (when the digest is that chart's), then ACR announces it. */
function helmPush(h: TestHost, chart: string, tag: string, digest: string, options: { mediaType?: string; at?: string } = {}): Promise<Response> {
  if (digest === chartDigest(`helm/${chart}`, tag)) acr().pushChart(`helm/${chart}`, tag);
  return announce(h, chart, tag, digest, options);
}

describe("a chart pushed to ACR promotes its version through the HelmRelease of each stage", () => {
  const digest = chartDigest("helm/orders", "1.4.0");
  const id = promotionInstanceId("orders-chart", digest);

  it("starts a chart promotion from helm push and commits spec.chart.spec.version byte-exactly", async () => {
    const res = await helmPush(host, "orders", "1.4.0", digest);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "accepted", promotions: [{ pipeline: "orders-chart", instanceId: id }] });
    await host.settle();
    expect(await fileAt(server, "clusters/dev/orders.yaml")).toBe(helmReleaseFile("dev", "1.4.0"));
    expect(await fileAt(server, "clusters/prod/orders.yaml")).toBe(helmReleaseFile("prod", "1.0.0"));
    const dev = await statusOf(host, stageOf("orders-chart", digest, "dev"));
    expect(dev.customStatus).toMatchObject({ step: "awaiting-ready", stage: "dev" });
    const [message] = await gitLog(server);
    expect(parseCommitTrailers(message ?? "")).toMatchObject({ pipeline: "orders-chart", stage: "dev", image: { name: "myacr.azurecr.io/helm/orders", tag: "1.4.0", digest } });
  });

  it("waits while Flux reports the release at another chart version, and fails nothing", async () => {
    const before = await head(server);
    const res = await helmReleaseReports(host, "aks-dev", { namespace: "orders", name: "orders" }, "1.0.0");
    expect(res.status).toBe(200);
    await host.settle();
    const dev = await statusOf(host, stageOf("orders-chart", digest, "dev"));
    expect(dev.customStatus?.step).toBe("awaiting-ready");
    expect(await head(server)).toBe(before);
  });

  it("moves to the next stage when helm-controller reports the release upgraded to the promoted chart version", async () => {
    await helmReleaseReports(host, "aks-dev", { namespace: "orders", name: "orders" }, "1.4.0");
    await host.settle();
    expect((await statusOf(host, stageOf("orders-chart", digest, "dev"))).runtimeStatus).toBe("Completed");
    expect(await fileAt(server, "clusters/prod/orders.yaml")).toBe(helmReleaseFile("prod", "1.4.0"));
    await helmReleaseReports(host, "aks-prod", { namespace: "orders", name: "orders" }, "1.4.0");
    await host.settle();
    const done = await statusOf(host, id);
    expect(await statusOf(host, stageOf("orders-chart", digest, "prod"))).toMatchObject({ runtimeStatus: "Completed" });
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toMatchObject({ outcome: "succeeded" });
  });

  it("promoted the push as a chart: the subject keeps the OCI reference, with the chart flag", async () => {
    const status = await host.status(id);
    expect(status.input).toMatchObject({ pipeline: "orders-chart", image: { registry: "myacr.azurecr.io", repository: "helm/orders", tag: "1.4.0", digest, artifact: "chart" } });
  });
});

describe("a chart version helm-controller fails to upgrade to", () => {
  const digest = chartDigest("helm/orders", "1.5.0");
  const id = promotionInstanceId("orders-chart", digest);

  it("fails the stage at once with helm-controller's reason, rolls the chart version back and waits for the restored release", async () => {
    expect((await helmPush(host, "orders", "1.5.0", digest)).status).toBe(202);
    await host.settle();
    expect(await fileAt(server, "clusters/dev/orders.yaml")).toBe(helmReleaseFile("dev", "1.5.0"));
    await helmReleaseReports(host, "aks-dev", { namespace: "orders", name: "orders" }, "1.5.0", "failed");
    await host.settle();
    expect(await fileAt(server, "clusters/dev/orders.yaml")).toBe(helmReleaseFile("dev", "1.4.0"));
    expect((await gitLog(server))[0]).toMatch(/^Roll back myacr.azurecr.io\/helm\/orders to 1.4.0 in dev/);
    expect((await statusOf(host, stageOf("orders-chart", digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    // helm-controller reconciles the restored version a minute later (a later event, not a resend).
    await host.advance(60_000);
    await helmReleaseReports(host, "aks-dev", { namespace: "orders", name: "orders" }, "1.4.0");
    await host.settle();
    const done = await statusOf(host, id);
    expect(done.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "failed" }] });
    expect((done.output as { reason: string }).reason).toContain("HelmRelease orders/orders failed: Flux failed to reconcile HelmRelease orders/orders on aks-dev at chart 1.5.0: UpgradeFailed");
    expect(await fileAt(server, "clusters/prod/orders.yaml")).toBe(helmReleaseFile("prod", "1.4.0"));
  });
});

describe("an OCIRepository chart source", () => {
  const digest = chartDigest("helm/payments", "2.1.0");

  it("pins spec.ref.tag and spec.ref.digest, and is Ready when the release runs the version with the digest appended", async () => {
    const res = await helmPush(host, "payments", "2.1.0", digest);
    expect(res.status).toBe(202);
    await host.settle();
    expect(await fileAt(server, "clusters/dev/payments.yaml")).toBe(OCI_REPOSITORY_FILE.replace("    tag: 2.0.0\n", `    tag: 2.1.0\n    digest: ${digest}\n`));
    // Another artifact under the same version (a re-pushed tag) is not ours.
    await helmReleaseReports(host, "aks-dev", { namespace: "payments", name: "payments" }, "2.1.0+ffffffffffff");
    await host.settle();
    expect((await statusOf(host, stageOf("payments-chart", digest, "dev"))).customStatus?.step).toBe("awaiting-ready");
    await helmReleaseReports(host, "aks-dev", { namespace: "payments", name: "payments" }, `2.1.0+${digest.slice(7, 19)}`, "ready", digest);
    await host.settle();
    expect(await statusOf(host, promotionInstanceId("payments-chart", digest))).toMatchObject({ runtimeStatus: "Completed", output: { outcome: "succeeded" } });
  });
});

describe("a chart dependency of an umbrella chart", () => {
  const digest = chartDigest("helm/frontend", "1.2.0");

  it("moves the dependency's version and keeps Chart.lock as helm dependency update would write it", async () => {
    expect((await helmPush(host, "frontend", "1.2.0", digest)).status).toBe(202);
    await host.settle();
    const chart = UMBRELLA_CHART.replace("    version: 1.0.0\n", "    version: 1.2.0\n");
    expect(await fileAt(server, "charts/shop/Chart.yaml")).toBe(chart);
    expect(await fileAt(server, "charts/shop/Chart.lock")).toBe(chartLockFor(chart, "1.2.0"));
    // The release runs the umbrella chart, whose version did not move: the Kustomization applying it decides.
    await kustomizationReports(host, "aks-dev", "shop", `main@sha1:${await head(server)}`);
    await host.settle();
    expect(await statusOf(host, promotionInstanceId("shop-frontend", digest))).toMatchObject({ runtimeStatus: "Completed", output: { outcome: "succeeded" } });
  });

  it("refuses to move a dependency whose Chart.lock Helm did not make for the Chart.yaml, saying what to run", async () => {
    // The same push also promoted store-frontend, whose umbrella chart has a stale lock.
    const failed = await statusOf(host, promotionInstanceId("store-frontend", digest));
    expect(failed).toMatchObject({ runtimeStatus: "Completed", output: { outcome: "failed", stages: [{ name: "dev", outcome: "failed" }] } });
    expect((failed.output as { reason: string }).reason).toMatch(/charts\/store\/Chart\.lock.*helm dependency update/);
    expect(await fileAt(server, "charts/store/Chart.yaml")).toBe(STALE_UMBRELLA);
    expect(await fileAt(server, "charts/store/Chart.lock")).toBe(chartLockFor(UMBRELLA_CHART, "1.0.0"));
  });
});

describe("pushes that are not chart versions", () => {
  it("refuses an image pushed to a chart repository, saying why, and starts nothing", async () => {
    const before = await head(server);
    const image = await helmPush(host, "orders", "1.5.0", digestOf(0xbad1), { mediaType: "application/vnd.docker.distribution.manifest.v2+json" });
    expect(image.status).toBe(200);
    const body = (await image.json()) as { status: string; reasons: string[] };
    expect(body.status).toBe("not-promoted");
    expect(body.reasons[0]).toMatch(/^orders-chart: helm\/orders:1\.5\.0 is a application\/vnd\.docker\.distribution\.manifest\.v2\+json manifest, not a Helm chart/);
    const index = await helmPush(host, "orders", "1.5.1", digestOf(0xbad2), { mediaType: "application/vnd.oci.image.index.v1+json" });
    expect(((await index.json()) as { reasons: string[] }).reasons[0]).toContain("not a Helm chart");
    const latest = await helmPush(host, "orders", "latest", digestOf(0xbad3));
    expect(((await latest.json()) as { reasons: string[] }).reasons[0]).toContain("tag latest is not a chart version");
    await host.settle();
    expect(await head(server)).toBe(before);
    await expect(host.status(promotionInstanceId("orders-chart", digestOf(0xbad1)))).rejects.toThrow(/No instance/);
  });

  it("reads the manifest of an OCI image pushed to a chart repository, and refuses it by its config media type", async () => {
    const before = await head(server);
    const digest = acr().pushImage("helm/orders", "1.6.0", { "org.opencontainers.image.revision": "6c62fb4e0d9f" });
    const res = await announce(host, "orders", "1.6.0", digest);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; reasons: string[] };
    expect(body.status).toBe("not-promoted");
    expect(body.reasons).toEqual([
      "orders-chart: myacr.azurecr.io/helm/orders:1.6.0 is not a Helm chart: its config media type is application/vnd.oci.image.config.v1+json, not application/vnd.cncf.helm.config.v1+json (this pipeline promotes charts; push images to another repository)",
    ]);
    await host.settle();
    expect(await head(server)).toBe(before);
    await expect(host.status(promotionInstanceId("orders-chart", digest))).rejects.toThrow(/No instance/);
  });

  it("keeps a chart push while the registry cannot be read, instead of promoting it unchecked or losing it", async () => {
    const digest = chartDigest("helm/orders", "1.7.0");
    acr().pushChart("helm/orders", "1.7.0");
    acr().failNext(/^\/v2\/helm\/orders\/manifests\//, 503);
    const res = await announce(host, "orders", "1.7.0", digest);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "kept", detail: expect.stringContaining("registry unavailable") as string });
    await expect(host.status(promotionInstanceId("orders-chart", digest))).rejects.toThrow(/No instance/);
  });

  it("ignores ChartPushed from ACR's retired legacy Helm repositories with a pointer to OCI charts", async () => {
    const event = {
      id: "6356e9e0-627f-4fed-8a1c-d9059b5143ac",
      topic: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
      subject: "repo:wordpress-5.4.0.tgz",
      eventType: "Microsoft.ContainerRegistry.ChartPushed",
      eventTime: "2026-01-05T23:45:31.2614267Z",
      dataVersion: "1.0",
      metadataVersion: "1",
      data: {
        id: "6356e9e0-627f-4fed-8a1c-d9059b5143ac",
        timestamp: "2026-01-05T23:45:31.2614267Z",
        action: "chart_push",
        target: { mediaType: "application/vnd.acr.helm.chart", size: 25265, digest: digestOf(0x7f06), repository: "repo", tag: "wordpress-5.4.0.tgz", name: "wordpress", version: "5.4.0" },
      },
    };
    const res = await host.fetch("/api/ingest/eventgrid", {
      method: "POST",
      headers: { "content-type": "application/json", "aeg-event-type": "Notification", "x-baton-key": EVENTGRID_KEY },
      body: JSON.stringify([event]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ignored", reason: expect.stringContaining("retired legacy Helm repositories") as unknown });
  });
});
