// The dashboard in Debian's Chromium against the real local runtime: an operator signs in with the
// ops key and follows a promotion from push to prod, an approver (signed in by App Service
// Authentication, whose principal headers the browser context adds) approves it with the button,
// the operator pauses and resumes another promotion, sets and releases a hold, sees a refusal in
// the API's words, and opens DORA. The page's clock is Playwright's, so polling happens exactly
// when the test lets time pass. Screenshots are compared with committed baselines.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { checkBaseline } from "../support/cardRenderer/baseline.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, OPS_KEY, digestOf, fluxReconcilesHead, promotionId, pushImage, statusOf, useBatonWorld } from "../e2e/world.js";
import { openBrowser, type DashboardBrowser } from "./browser.js";

const world = useBatonWorld({ tablePrefix: "dashtest" });
let host: TestHost;
let server: GitServer;
let operatorBrowser: DashboardBrowser;
let approverBrowser: DashboardBrowser;
let ops: Page;
let approver: Page;

const BASELINES = join(import.meta.dirname, "..", "fixtures", "dashboard");
const first = digestOf(0xda5);
const firstId = promotionId(first);
const second = digestOf(0xda6);
const secondId = promotionId(second);

beforeAll(async () => {
  ({ host, server } = world());
  execFileSync("node", ["infra/buildDashboard.mjs"], { stdio: "pipe" });
  operatorBrowser = await openBrowser(host.origin);
  approverBrowser = await openBrowser(host.origin, APPROVER);
  ops = await operatorBrowser.context.newPage();
  approver = await approverBrowser.context.newPage();
  // Page time stands still unless the test moves it: polls happen only in poll().
  for (const page of [ops, approver]) {
    await page.clock.install({ time: new Date(host.clock.now()) });
    await page.clock.pauseAt(new Date(host.clock.now() + 1000));
  }
}, 120_000);
afterAll(async () => {
  await operatorBrowser?.close();
  await approverBrowser?.close();
});

/** Lets the page's poll run once (it polls every 3 s of page time). */
async function poll(page: Page): Promise<void> {
  await page.clock.runFor(3100);
}

/**
 * Opens an action's dialog from its button, gives a reason and confirms; waits until the dialog
 * says the API accepted it (or, with `refused`, until it shows the refusal).
 */
async function act(page: Page, button: string, reason: string, refused?: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason (kept in the audit trail)").fill(reason);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  if (refused) await dialog.getByRole("alert").getByText(refused).waitFor();
  else await page.locator("#announce").getByText(`${button}: accepted`).waitFor({ state: "attached" });
}

// Page code is given as strings: this file is compiled for Node, without the DOM's types.
function activeId(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement?.id ?? ''");
}

function baseline(name: string, png: Buffer): void {
  const problem = checkBaseline(join(BASELINES, name), png, { UPDATE_CARD_BASELINES: process.env.UPDATE_DASHBOARD_BASELINES });
  expect(problem, problem).toBeUndefined();
}

describe("the dashboard", () => {
  it("is served by Baton at /api/dashboard/ with everything bundled, and asks once for the ops key", async () => {
    await ops.goto(`${host.origin}/api/dashboard`);
    expect(new URL(ops.url()).pathname).toBe("/api/dashboard/");
    await ops.getByRole("heading", { name: "Sign in" }).waitFor();
    // Landmarks, a labelled field with the focus in it.
    expect(await ops.getByRole("banner").count()).toBe(1);
    expect(await ops.getByRole("navigation", { name: "Views" }).count()).toBe(1);
    expect(await ops.getByRole("main").count()).toBe(1);
    expect(await activeId(ops)).toBe("ops-key");
    await ops.getByLabel("Ops key").fill(OPS_KEY);
    await ops.keyboard.press("Enter");
    await ops.getByRole("heading", { name: "Pipelines" }).waitFor();
    await ops.getByText("e2e (operator, viewer)").waitFor();
    expect(ops.url()).not.toContain(OPS_KEY);
    expect(operatorBrowser.refused).toEqual([]);
  });

  it("follows a promotion from push through pre-prod in the pipelines view", async () => {
    expect((await pushImage(host, "6.0.0", first, "2026-01-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    await poll(ops);
    const dev = ops.getByRole("list", { name: "orders-api stages in order" }).getByRole("listitem").first();
    await dev.getByRole("link", { name: "6.0.0" }).waitFor();
    expect(await dev.textContent()).toContain("awaiting-ready: Kustomization flux-system/orders-api-dev on aks-dev Ready at");
    for (const stage of ["dev", "staging", "pre-prod"]) {
      await host.advance(60_000);
      await fluxReconcilesHead(host, server, stage);
    }
    await poll(ops);
    const prod = ops.getByRole("list", { name: "orders-api stages in order" }).getByRole("listitem").last();
    await prod.getByText("awaiting-approval: approval (0 of 1)").waitFor();
    const preProd = ops.getByRole("list", { name: "orders-api stages in order" }).getByRole("listitem").nth(2);
    expect(await preProd.textContent()).toContain("6.0.0");
  });

  it("lets the approver approve it with the button, and shows the vote and prod Ready", async () => {
    await approver.goto(`${host.origin}/api/dashboard/#/promotion/${firstId}`);
    await approver.getByRole("heading", { name: /orders-api:6\.0\.0/ }).waitFor();
    // The approver's roles come from App Service Authentication: no key asked, no operator actions.
    expect(await approver.getByRole("button", { name: "Pause" }).count()).toBe(0);
    const approve = approver.getByRole("button", { name: "Approve" });
    await approve.focus();
    await approver.keyboard.press("Enter");
    // The dialog takes the focus to its reason, and Escape gives it back.
    expect(await activeId(approver)).toBe("action-reason");
    await approver.keyboard.press("Escape");
    expect(await approver.evaluate<string>("document.activeElement?.textContent ?? ''")).toBe("Approve");
    await act(approver, "Approve", "CHG-12 approved in CAB");
    await host.settle();
    await host.advance(60_000);
    await fluxReconcilesHead(host, server, "prod");
    await poll(approver);
    await approver.getByText("succeeded", { exact: true }).first().waitFor();
    const votes = approver.getByRole("table", { name: "Approval votes" });
    expect(await votes.textContent()).toContain("approveCHG-12 approved in CAB");
    expect(await approver.getByRole("table", { name: "Audit trail" }).textContent()).toContain("promotion.approve");
    baseline("promotionFacts.png", await approver.locator("dl.facts").screenshot());
    expect(approverBrowser.refused).toEqual([]);
  });

  it("pauses and resumes another promotion", async () => {
    expect((await pushImage(host, "6.1.0", second, "2026-01-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    await ops.goto(`${host.origin}/api/dashboard/#/promotion/${secondId}`);
    await ops.getByRole("heading", { name: /orders-api:6\.1\.0/ }).waitFor();
    // Operators do not get approver actions.
    expect(await ops.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await act(ops, "Pause", "checking the canary");
    await host.settle();
    expect((await statusOf(host, secondId)).runtimeStatus).toBe("Suspended");
    await ops.getByRole("heading", { name: /orders-api:6\.1\.0 paused/ }).waitFor();
    await act(ops, "Resume", "canary is fine");
    await host.settle();
    await ops.getByRole("heading", { name: /orders-api:6\.1\.0 running/ }).waitFor();
    expect((await statusOf(host, secondId)).runtimeStatus).toBe("Running");
  });

  it("sets and releases a hold, and shows a refusal as the API words it", async () => {
    await ops.goto(`${host.origin}/api/dashboard/#/pipelines`);
    await act(ops, "Hold orders-api", "incident INC-12");
    await ops.getByText(/Held by key:e2e since .*: incident INC-12/).waitFor();
    // In-flight details name commit shas, and holds carry wall-clock times: masked.
    baseline("pipelines.png", await ops.locator("main").screenshot({ mask: [ops.locator(".flight"), ops.locator(".hold time")] }));
    await act(ops, "Release hold on orders-api", "incident over");
    await ops.getByRole("button", { name: "Hold orders-api" }).waitFor();
    // Someone else releases the hold while this page still offers to release it.
    await act(ops, "Hold orders-api", "second incident");
    await ops.getByRole("button", { name: "Release hold on orders-api" }).waitFor();
    const released = await host.fetch("/api/holds/orders-api", { method: "DELETE", headers: { "x-functions-key": OPS_KEY, "content-type": "application/json" }, body: JSON.stringify({ reason: "done elsewhere" }) });
    expect(released.status).toBe(200);
    await act(ops, "Release hold on orders-api", "incident over", "Refused (404): no active pipeline orders-api hold");
    await ops.getByRole("button", { name: "Cancel" }).click();
  });

  it("shows DORA for a chosen period with charts", async () => {
    await ops.goto(`${host.origin}/api/dashboard/#/dora?since=2025-12-29T00:00:00Z&until=2026-01-05T00:00:00Z`);
    await ops.getByRole("heading", { name: "DORA" }).waitFor();
    await ops.getByText("1 to prod").waitFor();
    expect(await ops.getByRole("img", { name: /Deployments and failures per day: .*2026-01-01 1 deployed, 0 failed/ }).count()).toBe(1);
    expect(await ops.getByLabel("Period", { exact: true }).count()).toBe(1);
    baseline("dora.png", await ops.locator("main").screenshot());
  });

  it("keeps keyboard order and labels: skip link, then the views, and every control labelled", async () => {
    await ops.goto(`${host.origin}/api/dashboard/#/promotions`);
    await ops.getByRole("heading", { name: "Promotions" }).waitFor();
    // Start keyboard navigation from the top of the document.
    await ops.evaluate("document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex')");
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await ops.keyboard.press("Tab");
      order.push(await ops.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"));
    }
    expect(order).toEqual(["Skip to content", "Pipelines", "Promotions", "DORA"]);
    const unlabelled = await ops.evaluate<number>("[...document.querySelectorAll('main input, main select, main textarea, dialog input, dialog textarea')].filter((el) => el.labels.length === 0).length");
    expect(unlabelled).toBe(0);
    expect(await ops.getByRole("link", { name: "orders-api:6.1.0" }).count()).toBe(1);
    expect(operatorBrowser.refused).toEqual([]);
  });
});
