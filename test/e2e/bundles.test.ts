// Multi-image bundles end to end through the local runtime on virtual time: a frontend pushed to
// ACR (Event Grid) and its API to GHCR (GitHub `package` webhook), in either order, start one
// promotion that commits both images in one commit per stage with a trailer for each, waits for
// Flux, and rolls both back on failure. A bundle whose second image never arrives is recorded as
// incomplete when its window closes, with nothing committed; a duplicate push starts nothing
// twice; a host restart between the two arrivals loses nothing, nor does a door that stops
// between recording the last image and starting the promotion.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { TableBundleArrivals } from "../../shared/bundles/arrivals.js";
import { createBundleGatherer } from "../../shared/bundles/gather.js";
import { bundlePromotionId, incompleteBundlePromotionId } from "../../shared/bundles/ids.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import type { Pipeline } from "../../shared/pipelines/types.js";
import { openTable } from "../../shared/store/tableClient.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fileAt, fluxReconcilesHead, fluxReports, gitLog, head, OPERATOR, opsCall, pushImage, statusOf, useBatonWorld } from "./world.js";

const WEBHOOK_SECRET = "bundle-e2e-webhook-secret";
const WEB = "myacr.azurecr.io/shop-web";
// The GHCR image of @octokit/webhooks-examples' container `package` event.
const API = "ghcr.io/codertocat/hello-world";
const STAGES = ["dev", "staging"] as const;

function overlay(stage: string, tag: string): string {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    `# shop overlay for ${stage}`,
    "resources:",
    "  - ../../base",
    "images:",
    `  - name: ${WEB}`,
    `    newTag: ${tag}`,
    `  - name: ${API}`,
    `    newTag: ${tag}`,
    "",
  ].join("\n");
}

const YAML = `version: 1
defaults:
  git: { url: "{repoUrl}", branch: main, auth: { kind: none } }
  readiness: { timeout: 15m }
  onFailure: rollback
pipelines:
  - name: shop
    source:
      image: ${WEB}
      tags: { kind: any }
      bundle:
        images:
          api: ${API}
        together: tag
        window: 30m
    template:
      edits:
        - file: apps/shop/overlays/{stage}/kustomization.yaml
          target: { kind: kustomize }
        - file: apps/shop/overlays/{stage}/kustomization.yaml
          image: api
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "orders-api-{stage}" }
    stages: [dev, staging]
`;

const world = useBatonWorld({
  tablePrefix: "e2ebundles",
  yaml: YAML,
  files: Object.fromEntries(STAGES.map((s) => [`apps/shop/overlays/${s}/kustomization.yaml`, overlay(s, "1.0.0")])),
  env: () => ({ GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET }),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});
// The restart test replaces the host; the world disposes the first one.
afterAll(async () => {
  if (host !== world().host) await host.dispose();
});

/** GHCR publishes the API image: the example `package` event, signed as GitHub signs it. */
async function ghcrPublishes(tag: string, digest: string, delivery = `pkg-${tag}-${digest.slice(-6)}`): Promise<Response> {
  const body = JSON.stringify(taggedContainerPackage(tag, digest));
  return host.fetch("/api/ingest/github", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "package",
      "x-github-delivery": delivery,
      "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
    },
  });
}

function acrPushes(tag: string, digest: string): Promise<Response> {
  return pushImage(host, tag, digest, new Date(host.clock.now()).toISOString(), undefined, "shop-web");
}

/** The promotion id the two images name, whatever their order. */
function bundleId(tag: string, webDigest: string, apiDigest: string): string {
  const image = (digest: string) => ({ digest }) as ImagePublished;
  return bundlePromotionId("shop", [
    { member: "shop-web", image: image(webDigest) },
    { member: "api", image: image(apiDigest) },
  ]);
}

async function commitsSince(count: number): Promise<string[]> {
  return (await gitLog(server)).slice(0, (await gitLog(server)).length - count);
}

async function promotionsOf(pipeline: string): Promise<{ id: string; outcome: string | null; reason?: string }[]> {
  const res = await host.fetch(`/api/promotions?pipeline=${pipeline}`, { headers: OPERATOR });
  expect(res.status).toBe(200);
  return ((await res.json()) as { promotions: { id: string; outcome: string | null; reason?: string }[] }).promotions;
}

describe("a bundle of two images", () => {
  const web = digestOf(0xbeef01);
  const api = digestOf(0xa91001);
  const id = bundleId("2.0.0", web, api);

  it("waits after the first image, with its arrival recorded", async () => {
    const res = await ghcrPublishes("2.0.0", api);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "gathering", bundles: [{ pipeline: "shop", bundle: "tag 2.0.0", arrived: ["api"], missing: ["shop-web"] }] });
    await host.settle();
    await expect(host.status(id)).rejects.toThrow(/No instance/);
  });

  it("starts one promotion when the second arrives, and commits both images in one commit with a trailer each", async () => {
    const before = (await gitLog(server)).length;
    const res = await acrPushes("2.0.0", web);
    expect(res.status).toBe(202);
    await host.settle();
    expect((await statusOf(host, stageInstanceId(id, "dev"))).customStatus?.step).toBe("awaiting-ready");
    const dev = await fileAt(server, "apps/shop/overlays/dev/kustomization.yaml");
    expect(dev).toContain(`  - name: ${WEB}\n    newTag: 2.0.0\n    digest: ${web}`);
    expect(dev).toContain(`  - name: ${API}\n    newTag: 2.0.0\n    digest: ${api}`);
    const messages = await commitsSince(before);
    expect(messages).toHaveLength(1);
    const trailers = parseCommitTrailers(messages[0] ?? "");
    expect(trailers).toMatchObject({ promotionId: id, pipeline: "shop", stage: "dev", image: { name: WEB, tag: "2.0.0", digest: web } });
    expect(trailers?.bundle).toEqual({
      key: "tag 2.0.0",
      images: [
        { member: "shop-web", name: WEB, tag: "2.0.0", digest: web },
        { member: "api", name: API, tag: "2.0.0", digest: api },
      ],
    });
    expect(messages[0]).toMatch(/^Promote shop-web, api \(bundle tag 2\.0\.0\) in dev\n/);
  });

  it("does not start twice when a push is delivered again", async () => {
    const again = await ghcrPublishes("2.0.0", api);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
    // The same image under another delivery id (a redelivery GitHub gave a new id) names the same promotion.
    const other = await ghcrPublishes("2.0.0", api, "pkg-redelivered");
    expect(other.status).toBe(202);
    expect(await other.json()).toMatchObject({ promotions: [{ instanceId: id, status: "exists" }] });
    await host.settle();
    expect((await promotionsOf("shop")).map((p) => p.id)).toEqual([id]);
  });

  it("moves on when Flux is Ready at the commit, and commits staging the same way", async () => {
    const before = (await gitLog(server)).length;
    await fluxReconcilesHead(host, server, "dev");
    expect((await statusOf(host, stageInstanceId(id, "staging"))).customStatus?.step).toBe("awaiting-ready");
    const staging = await fileAt(server, "apps/shop/overlays/staging/kustomization.yaml");
    expect(staging).toContain(`newTag: 2.0.0\n    digest: ${web}`);
    expect(staging).toContain(`newTag: 2.0.0\n    digest: ${api}`);
    const messages = await commitsSince(before);
    expect(messages).toHaveLength(1);
    expect(parseCommitTrailers(messages[0] ?? "")?.bundle?.images.map((i) => i.member)).toEqual(["shop-web", "api"]);
  });

  it("rolls both images back in one commit when the stage fails", async () => {
    const before = (await gitLog(server)).length;
    const failedAt = await head(server);
    await fluxReports(host, "staging", `main@sha1:${failedAt}`, "failed");
    await host.settle();
    // Both images back as they were, byte for byte: the tag restored, the digest gone.
    expect(await fileAt(server, "apps/shop/overlays/staging/kustomization.yaml")).toBe(overlay("staging", "1.0.0"));
    await fluxReconcilesHead(host, server, "staging");
    const done = await statusOf(host, id);
    expect(done.output).toMatchObject({ outcome: "failed", stages: [{ name: "dev", outcome: "succeeded" }, { name: "staging", outcome: "failed" }] });
    const messages = await commitsSince(before);
    expect(messages).toHaveLength(1);
    const trailers = parseCommitTrailers(messages[0] ?? "");
    expect(trailers).toMatchObject({ action: "rollback", stage: "staging" });
    expect(trailers?.bundle?.images).toEqual([
      { member: "shop-web", name: WEB, tag: "1.0.0" },
      { member: "api", name: API, tag: "1.0.0" },
    ]);
  });
});

describe("a hand start of a bundle pipeline", () => {
  it("is refused: one image cannot start a bundle", async () => {
    const res = await opsCall(host, "/api/promotions", OPERATOR, { pipeline: "shop", image: { registry: "myacr.azurecr.io", repository: "shop-web", tag: "9.0.0", digest: digestOf(0x99) }, reason: "try" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toContain("promotes a bundle of images");
  });
});

describe("a bundle whose second image never arrives", () => {
  const web = digestOf(0xbeef02);

  it("records the incomplete bundle when the window closes, and commits nothing", async () => {
    const before = await head(server);
    // The Event Grid trigger answers for the host (no body); the log says what the intake did.
    expect((await acrPushes("3.0.0", web)).status).toBeLessThan(300);
    await host.settle();
    expect(host.logs.map((l) => l.message).join("\n")).toContain("bundle shop tag 3.0.0 has shop-web, waits for api");
    await host.advanceThroughTimers(29 * 60_000);
    expect((await promotionsOf("shop")).filter((p) => p.outcome === "failed")).toHaveLength(0);
    await host.advanceThroughTimers(2 * 60_000);
    const recordId = incompleteBundlePromotionId("shop", "tag:3.0.0", 1, [{ member: "shop-web", image: { digest: web } as ImagePublished }]);
    const record = await statusOf(host, recordId);
    expect(record.output).toMatchObject({ outcome: "failed", stages: [] });
    const reason = (record.output as { reason: string }).reason;
    expect(reason).toBe("bundle incomplete: api did not arrive within 30m of shop-web (tag 3.0.0); nothing was committed");
    const listed = (await promotionsOf("shop")).find((p) => p.id === recordId);
    expect(listed).toMatchObject({ outcome: "failed" });
    const view = (await (await host.fetch(`/api/promotions/${recordId}`, { headers: OPERATOR })).json()) as { timeline: { entry: { kind: string; reason?: string } }[] };
    expect(view.timeline.map((t) => t.entry.kind)).toEqual(["promotion.started", "promotion.finished"]);
    expect(view.timeline[1]?.entry.reason).toBe(reason);
    expect(await head(server)).toBe(before);
  });

  it("does not complete the closed window with a late image", async () => {
    const before = await head(server);
    const late = await ghcrPublishes("3.0.0", digestOf(0xa91002));
    expect(late.status).toBe(202);
    // A late image opens a window of its own (a rebuild may follow); the closed one stays closed.
    expect(await late.json()).toMatchObject({ status: "gathering", bundles: [{ arrived: ["api"], missing: ["shop-web"] }] });
    await host.settle();
    expect(await head(server)).toBe(before);
  });
});

describe("a host restart between the two arrivals", () => {
  const web = digestOf(0xbeef03);
  const api = digestOf(0xa91003);

  it("keeps the first arrival, and the second completes the bundle", async () => {
    expect((await acrPushes("4.0.0", web)).status).toBeLessThan(300);
    await host.settle();
    host = await host.restart();
    const second = await ghcrPublishes("4.0.0", api);
    expect(second.status).toBe(202);
    expect(await second.json()).toMatchObject({ status: "accepted", promotions: [{ instanceId: bundleId("4.0.0", web, api), status: "started" }] });
    await host.settle();
    const dev = await fileAt(server, "apps/shop/overlays/dev/kustomization.yaml");
    expect(dev).toContain(`newTag: 4.0.0\n    digest: ${web}`);
    expect(dev).toContain(`newTag: 4.0.0\n    digest: ${api}`);
  });
});

describe("a door that stops between recording the last image and starting the promotion", () => {
  const web = digestOf(0xbeef05);
  const api = digestOf(0xa91005);
  const shop: Pipeline = {
    name: "shop",
    source: {
      registry: "myacr.azurecr.io",
      repository: "shop-web",
      tags: { kind: "any" },
      bundle: {
        members: [
          { name: "shop-web", registry: "myacr.azurecr.io", repository: "shop-web" },
          { name: "api", registry: "ghcr.io", repository: "codertocat/hello-world" },
        ],
        together: "tag",
        windowMs: 30 * 60_000,
      },
    },
  };

  it("loses nothing: the bundle's window starts the promotion when it closes", async () => {
    expect((await acrPushes("5.0.0", web)).status).toBeLessThan(300);
    await host.settle();
    // The GHCR door's work up to the crash point, against the same arrivals table: the last image
    // is recorded, then the process dies before it starts anything (and GitHub never retries).
    const table = await openTable({ kind: "connection-string", value: process.env["AzureWebJobsStorage"] ?? "" }, "e2ebundlesBundleArrivals");
    const crashed = createBundleGatherer({ store: new TableBundleArrivals(table), windows: { startWindow: () => Promise.resolve() } });
    const image: ImagePublished = { kind: "image.published", registry: "ghcr.io", repository: "codertocat/hello-world", tag: "5.0.0", digest: api, publishedAt: new Date(host.clock.now()).toISOString(), source: "github-package", deliveryId: "pkg-lost" };
    const gathered = await crashed.gather(shop, image);
    const id = bundleId("5.0.0", web, api);
    expect(gathered).toMatchObject({ kind: "complete", instanceId: id });
    await host.settle();
    await expect(host.status(id)).rejects.toThrow(/No instance/);

    await host.advanceThroughTimers(31 * 60_000);
    expect((await statusOf(host, stageInstanceId(id, "dev"))).customStatus?.step).toBe("awaiting-ready");
    const dev = await fileAt(server, "apps/shop/overlays/dev/kustomization.yaml");
    expect(dev).toContain(`newTag: 5.0.0\n    digest: ${web}`);
    expect(dev).toContain(`newTag: 5.0.0\n    digest: ${api}`);
  });
});
