/**
 * Starts Debian's Chromium headless through playwright-core (no browser download: this machine and
 * CI reach only npm and Debian). Every launch gets a fresh profile and no network at all.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; the card rendering test needs it: apt-get install -y chromium fonts-liberation`);
  }
  const profile = await mkdtemp(join(tmpdir(), "baton-card-chromium-"));
  // Playwright owns --user-data-dir: a persistent context is how a fresh profile directory is given.
  const context = await chromium
    .launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, viewport, deviceScaleFactor: 1, locale: "en-US", timezoneId: "UTC" })
    .catch(async (error: unknown) => {
      await rm(profile, { recursive: true, force: true });
      throw new Error(`could not start ${CHROMIUM_PATH} headless (is the Debian chromium package complete?)`, { cause: error });
    });
  // The page must be self-contained: any request at all is a bug in the page, so refuse them.
  await context.route("**/*", (route) => route.abort("blockedbyclient"));
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
