/**
 * Debian's Chromium through playwright-core for the dashboard: a fresh profile, and no network
 * but Baton itself (any other request, a CDN for instance, is refused and recorded).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM_PATH } from "../support/cardRenderer/chromium.js";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface DashboardBrowser {
  context: BrowserContext;
  /** Requests the page tried outside Baton's origin. */
  refused: string[];
  close(): Promise<void>;
}

/** `headers` stand in for App Service Authentication, which adds the signed-in user's principal. */
export async function openBrowser(origin: string, headers: Record<string, string> = {}): Promise<DashboardBrowser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-liberation`);
  const profile = await mkdtemp(join(tmpdir(), "baton-dashboard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 800 },
    deviceScaleFactor: 1,
    locale: "en-US",
    timezoneId: "UTC",
    extraHTTPHeaders: headers,
  });
  const refused: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    refused.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    refused,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
