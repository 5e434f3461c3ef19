/**
 * The page the card is rendered in: a Teams-like message frame, the Adaptive Cards browser bundle
 * and stylesheet from node_modules (inlined: the browser has no network), and a render function.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { FONT_FAMILY } from "./hostConfig.js";

const require = createRequire(import.meta.url);

export function adaptiveCardsBundle(): { script: string; style: string } {
  return {
    script: readFileSync(require.resolve("adaptivecards/dist/adaptivecards.min.js"), "utf8"),
    style: readFileSync(require.resolve("adaptivecards/dist/adaptivecards.css"), "utf8"),
  };
}

export const FRAME_ID = "frame";
export const CARD_ID = "card";

export const SHELL_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>card</title>
<style>
  body { margin: 0; background: #F5F5F5; font-family: ${FONT_FAMILY}; }
  #${FRAME_ID} { display: inline-block; padding: 16px; background: #F5F5F5; }
  #${CARD_ID} { width: 480px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px; overflow: hidden;
    overflow-wrap: anywhere; /* like Teams, break paths and digests rather than clip them [assumption] */ }
  #${CARD_ID} button { font-family: ${FONT_FAMILY}; font-size: 14px; font-weight: 600; padding: 6px 12px; border-radius: 4px;
    border: 1px solid #D1D1D1; background: #FFFFFF; color: #242424; }
  #${CARD_ID} button.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  #${CARD_ID} button.style-destructive { color: #C4314B; }
  #${CARD_ID} textarea { font-family: ${FONT_FAMILY}; font-size: 14px; }
</style></head>
<body><div id="${FRAME_ID}"><div id="${CARD_ID}"></div></div></body></html>`;

/**
 * Runs in the page (plain JS: the page is not type-checked). Parses with the library's own
 * validation, renders, waits for fonts, and answers what a reader would see. Returning from this
 * promise is the "rendered" signal; nothing waits on a clock.
 */
export const RENDER_FUNCTION = `
window.renderAdaptiveCard = async (payload, hostConfig) => {
  const AC = window.AdaptiveCards;
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(hostConfig);
  const context = new AC.SerializationContext();
  card.parse(payload, context);
  const warnings = [];
  for (let i = 0; i < context.eventCount; i++) warnings.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) warnings.push(event.message);
  const root = document.getElementById("${CARD_ID}");
  const element = card.render();
  if (!element) throw new Error("the Adaptive Cards renderer returned no element");
  root.replaceChildren(element);
  await document.fonts.ready;
  const buttons = Array.from(root.querySelectorAll("button"), (b) => (b.textContent || "").trim()).filter((t) => t);
  return { text: root.innerText, buttons, warnings };
};
`;
