/**
 * Renders Adaptive Cards with the official JS renderer in headless Chromium, for screenshot tests:
 * one browser per test file, one page per card.
 */
import type { AdaptiveCard } from "../../../shared/teams/cards/adaptiveCard.js";
import { launchChromium } from "./chromium.js";
import { TEAMS_LIGHT_HOST_CONFIG } from "./hostConfig.js";
import { adaptiveCardsBundle, FRAME_ID, RENDER_FUNCTION, SHELL_HTML } from "./page.js";

export interface RenderedCard {
  png: Buffer;
  /** The card's visible text (innerText), as a reader would see it. */
  text: string;
  /** Titles of the rendered buttons, in order. */
  buttons: string[];
  /** What the renderer's parser and validator said about the card; empty for a clean card. */
  warnings: string[];
}

export interface CardRenderer {
  render(card: AdaptiveCard): Promise<RenderedCard>;
  close(): Promise<void>;
}

interface PageAnswer {
  text: string;
  buttons: string[];
  warnings: string[];
}

export async function startCardRenderer(): Promise<CardRenderer> {
  const browser = await launchChromium({ width: 560, height: 900 });
  const bundle = adaptiveCardsBundle();
  return {
    async render(card) {
      const page = await browser.context.newPage();
      try {
        await page.setContent(SHELL_HTML);
        await page.addStyleTag({ content: bundle.style });
        await page.addScriptTag({ content: bundle.script });
        await page.addScriptTag({ content: RENDER_FUNCTION });
        const answer = await page.evaluate(
          ([payload, hostConfig]) => (globalThis as unknown as { renderAdaptiveCard(p: unknown, h: unknown): Promise<PageAnswer> }).renderAdaptiveCard(payload, hostConfig),
          [card, TEAMS_LIGHT_HOST_CONFIG] as const,
        );
        const png = await page.locator(`#${FRAME_ID}`).screenshot({ animations: "disabled", caret: "hide", type: "png" });
        return { png, ...answer };
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
