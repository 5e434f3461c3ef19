// A bundle shows every one of its images, not only the primary: in GET /api/pipelines (the version
// at each stage) and GET /api/promotions/{id}, in the `baton` CLI's status and show, and in the
// dashboard's pipelines and promotion pages (Debian's Chromium against the real local runtime).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cli/program.js";
import type { TestHost } from "../../local/testing.js";
import { bundlePromotionId } from "../../shared/bundles/ids.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { GitServer } from "../support/gitServer.js";
import { OPERATOR, OPS_KEY, fluxReconcilesHead, pushImage, useBatonWorld } from "../e2e/world.js";
import { openBrowser, type DashboardBrowser } from "./browser.js";

const WEB = "myacr.azurecr.io/shop-web";
const API = "myacr.azurecr.io/shop-api";

function overlay(stage: string): string {
  return ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", `# shop overlay for ${stage}`, "resources:", "  - ../../base", "images:", `  - name: ${WEB}`, "    newTag: 1.0.0", `  - name: ${API}`, "    newTag: 1.0.0", ""].join("\n");
}

const world = useBatonWorld({
  tablePrefix: "bundleviews",
  yaml: `version: 1
defaults:
  git: { url: "{repoUrl}", branch: main, auth: { kind: none } }
  readiness: { timeout: 15m }
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
`,
  files: { "apps/shop/overlays/dev/kustomization.yaml": overlay("dev"), "apps/shop/overlays/staging/kustomization.yaml": overlay("staging") },
});

// Digests that differ in their first twelve characters, which is what the views show.
const web = `sha256:${"b0d1".repeat(16)}`;
const api = `sha256:${"a917".repeat(16)}`;
const image = (digest: string) => ({ digest }) as ImagePublished;
const id = bundlePromotionId("shop", [
  { member: "shop-web", image: image(web) },
  { member: "api", image: image(api) },
]);
const short = (digest: string) => digest.replace("sha256:", "").slice(0, 12);

let host: TestHost;
let server: GitServer;
let browser: DashboardBrowser;
let page: Page;
const CONFIG = join(mkdtempSync(join(tmpdir(), "baton-cli-")), "config.json");

beforeAll(async () => {
  ({ host, server } = world());
  writeFileSync(CONFIG, "{}");
  execFileSync("node", ["infra/buildDashboard.mjs"], { stdio: "pipe" });
  browser = await openBrowser(host.origin, OPERATOR);
  page = await browser.context.newPage();
  // Both images in one commit at dev, Ready there; staging waits.
  expect((await pushImage(host, "3.1.0", web, "2026-01-01T00:00:00Z", undefined, "shop-web")).status).toBeLessThan(300);
  expect((await pushImage(host, "3.1.0", api, "2026-01-01T00:00:00Z", undefined, "shop-api")).status).toBe(202);
  await host.settle();
  await fluxReconcilesHead(host, server, "dev");
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function baton(args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: () => undefined, env: { BATON_URL: host.origin, BATON_OPS_KEY: OPS_KEY, BATON_CONFIG: CONFIG }, sleep: () => host.settle() });
  expect(code).toBe(0);
  return out.join("\n");
}

const images = [
  { member: "shop-web", registry: "myacr.azurecr.io", repository: "shop-web", tag: "3.1.0", digest: web },
  { member: "api", registry: "myacr.azurecr.io", repository: "shop-api", tag: "3.1.0", digest: api },
];

describe("a bundle's images", () => {
  it("are all in the ops API: the version at a stage and the promotion", async () => {
    const pipelines = (await (await host.fetch("/api/pipelines", { headers: OPERATOR })).json()) as { pipelines: { name: string; stages: { name: string; version: { bundle?: unknown } | null }[] }[] };
    expect(pipelines.pipelines.find((p) => p.name === "shop")?.stages[0]?.version?.bundle).toEqual(images);
    const promotion = (await (await host.fetch(`/api/promotions/${id}`, { headers: OPERATOR })).json()) as { bundle: unknown };
    expect(promotion.bundle).toEqual(images);
  });

  it("are all in the CLI's status and show", async () => {
    const status = await baton(["status"]);
    expect(status).toMatch(new RegExp(`dev\\s+shop-web 3\\.1\\.0\\s+${short(web)}`));
    expect(status).toMatch(new RegExp(`\\n\\s+api 3\\.1\\.0\\s+${short(api)}`));
    const show = await baton(["show", id]);
    expect(show).toContain(`images    shop-web: myacr.azurecr.io/shop-web:3.1.0 (${short(web)})`);
    expect(show).toContain(`api: myacr.azurecr.io/shop-api:3.1.0 (${short(api)})`);
  });

  it("are all on the dashboard's pipelines and promotion pages", async () => {
    await page.goto(`${host.origin}/api/dashboard/`);
    const atDev = page.getByRole("list", { name: "images at dev" });
    await atDev.waitFor();
    expect(await atDev.getByRole("listitem").allTextContents()).toEqual([`shop-web 3.1.0 ${short(web)}`, `api 3.1.0 ${short(api)}`]);
    await page.goto(`${host.origin}/api/dashboard/#/promotion/${id}`);
    await page.getByRole("heading", { name: /shop-web:3\.1\.0/ }).waitFor();
    const listed = page.getByRole("list", { name: "images", exact: true });
    await listed.waitFor();
    expect(await listed.getByRole("listitem").allTextContents()).toEqual([
      `shop-web: myacr.azurecr.io/shop-web:3.1.0 (${short(web)})`,
      `api: myacr.azurecr.io/shop-api:3.1.0 (${short(api)})`,
    ]);
    expect(browser.refused).toEqual([]);
  });
});
