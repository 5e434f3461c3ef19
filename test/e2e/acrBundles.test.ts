// Revision bundles of ACR images end to end (issue 14 §4): ACR's events carry no labels, so Baton
// reads each pushed image's config from the registry (the fake ACR, checked against the published
// ACR specification) for its org.opencontainers.image.revision label, following a multi-arch
// index to a platform manifest. Two images with different tags built from one commit start one
// promotion that commits both; an image without the label is not taken, with the reason.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { bundlePromotionId } from "../../shared/bundles/ids.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { GitServer } from "../support/gitServer.js";
import { REGISTRY_DOORS_ENTRY, useFakeAcr } from "./fakeAcrWorld.js";
import { REGISTRY, fileAt, gitLog, pushImage, statusOf, useBatonWorld } from "./world.js";

const WEB = `${REGISTRY}/shop/web`;
const API = `${REGISTRY}/shop/api`;
const REVISION = "6c62fb4e0d9f2a7b8c1d3e5f60718293a4b5c6d7";

function overlay(): string {
  return ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:", "  - ../../base", "images:", `  - name: ${WEB}`, "    newTag: 1.0.0", `  - name: ${API}`, "    newTag: 1.0.0", ""].join("\n");
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
        together: revision
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
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "shop-{stage}" }
    stages: [dev, staging]
`;

const acr = useFakeAcr(REGISTRY);
const world = useBatonWorld({
  tablePrefix: "e2eacrbundles",
  yaml: YAML,
  files: Object.fromEntries(["dev", "staging"].map((s) => [`apps/shop/overlays/${s}/kustomization.yaml`, overlay()])),
  entry: REGISTRY_DOORS_ENTRY,
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

/** ACR announces a push through the Event Grid trigger; the labels are only in the registry. */
async function acrPushes(repository: string, tag: string, digest: string): Promise<void> {
  const res = await pushImage(host, tag, digest, new Date(host.clock.now()).toISOString(), undefined, repository);
  expect(res.ok).toBe(true);
  await host.settle();
}

const logText = (): string => host.logs.map((l) => l.message).join("\n");

describe("an ACR bundle that belongs together by revision", () => {
  let web = "";
  let api = "";

  it("reads the first image's revision label from the registry and waits for the other image", async () => {
    web = acr().pushImage("shop/web", "1.4.2", { "org.opencontainers.image.revision": REVISION });
    await acrPushes("shop/web", "1.4.2", web);
    expect(logText()).toContain(`bundle shop revision ${REVISION} has web, waits for api`);
    expect(acr().requests).toEqual(expect.arrayContaining([`GET /v2/shop/web/manifests/${web}`]));
  });

  it("starts one promotion when the second image (another tag, a multi-arch index) carries the same revision, and commits both", async () => {
    api = acr().pushImage("shop/api", "2.0.7", { "org.opencontainers.image.revision": REVISION }, { platforms: ["linux/arm64", "linux/amd64"] });
    await acrPushes("shop/api", "2.0.7", api);
    const image = (digest: string) => ({ digest }) as ImagePublished;
    const id = bundlePromotionId("shop", [
      { member: "web", image: image(web) },
      { member: "api", image: image(api) },
    ]);
    expect((await statusOf(host, stageInstanceId(id, "dev"))).customStatus?.step).toBe("awaiting-ready");
    const dev = await fileAt(server, "apps/shop/overlays/dev/kustomization.yaml");
    expect(dev).toContain(`  - name: ${WEB}\n    newTag: 1.4.2\n    digest: ${web}`);
    expect(dev).toContain(`  - name: ${API}\n    newTag: 2.0.7\n    digest: ${api}`);
    const [message = ""] = await gitLog(server);
    expect(parseCommitTrailers(message)?.bundle).toEqual({
      key: `revision ${REVISION}`,
      images: [
        { member: "web", name: WEB, tag: "1.4.2", digest: web },
        { member: "api", name: API, tag: "2.0.7", digest: api },
      ],
    });
    expect((await host.status(id)).input).toMatchObject({ bundle: { together: "revision", value: REVISION } });
  });

  it("does not take an ACR image without the label, saying why", async () => {
    const unlabelled = acr().pushImage("shop/web", "1.4.3", { maintainer: "shop team" });
    await acrPushes("shop/web", "1.4.3", unlabelled);
    expect(logText()).toContain(`not promoted: shop: the bundle belongs together by revision, and ${WEB}:1.4.3 carries no org.opencontainers.image.revision label in its image config`);
  });
});
