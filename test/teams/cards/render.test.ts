// Renders approval cards with the Adaptive Cards JS renderer in headless Chromium (issue 6, item 5)
// and compares screenshots with committed baselines in test/fixtures/teamsCards/.
//
// Needs Debian's Chromium and fonts: apt-get install -y chromium fonts-liberation (the test fails,
// never skips, without them).
//
// Regenerate the baselines after an intended change to the card or the host config, then look at
// the PNGs before committing them:
//   UPDATE_CARD_BASELINES=1 npx vitest run test/teams/cards/render.test.ts
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApprovalCard } from "../../../shared/teams/cards/approvalCard.js";
import { checkBaseline, MAX_DIFF_RATIO } from "../../support/cardRenderer/baseline.js";
import { comparePng } from "../../support/cardRenderer/comparePng.js";
import { startCardRenderer, type CardRenderer } from "../../support/cardRenderer/renderCard.js";
import { decidedModel, largeModel, openModel } from "./sampleModels.js";

const baseline = (name: string) => fileURLToPath(new URL(`../../fixtures/teamsCards/${name}.png`, import.meta.url));

describe("approval card rendering", () => {
  let renderer: CardRenderer;
  beforeAll(async () => {
    renderer = await startCardRenderer();
  });
  afterAll(() => renderer?.close());

  it("renders the open card with its facts, lists, comment box and Approve / Reject", async () => {
    const shot = await renderer.render(buildApprovalCard(openModel()));
    expect(shot.warnings).toEqual([]);
    for (const text of ["Approval needed", "orders-api to prod · 1.4.2", "sha256:3f1c9a7be2d0", "2026-11-23 14:00 UTC", "What changes", "Gate results so far", "error-rate", "Ada Lovelace", "Comment (required to reject)"]) {
      expect(shot.text).toContain(text);
    }
    expect(shot.buttons).toEqual(["Open timeline", "View commit", "Full digest", "Approve", "Reject"]);
    expect(checkBaseline(baseline("approvalOpen"), shot.png)).toBeUndefined();
  });

  it("renders the approved card with the outcome and no vote buttons", async () => {
    const shot = await renderer.render(buildApprovalCard(decidedModel("approved")));
    expect(shot.warnings).toEqual([]);
    expect(shot.text).toContain("Approved: the promotion goes ahead.");
    expect(shot.text).toContain("Grace Hopper");
    expect(shot.text).not.toContain("Comment (required to reject)");
    expect(shot.buttons).toEqual(["Open timeline", "View commit", "Full digest"]);
    expect(checkBaseline(baseline("approvalApproved"), shot.png)).toBeUndefined();
  });

  it("renders the trimmed large card, still with its actions", async () => {
    const shot = await renderer.render(buildApprovalCard(largeModel()));
    expect(shot.warnings).toEqual([]);
    expect(shot.text).toContain("and 488 more changes (see the timeline)");
    expect(shot.text).toContain("and 20 more votes");
    expect(shot.buttons).toEqual(["Open timeline", "View commit", "Full digest", "Approve", "Reject"]);
    expect(checkBaseline(baseline("approvalLarge"), shot.png)).toBeUndefined();
  });

  it("tells a missing section from font noise: the open card without its facts does not match", async () => {
    const card = buildApprovalCard(openModel());
    const withoutFacts = { ...card, body: card.body.filter((e) => e.type !== "FactSet") };
    const [full, missing] = [await renderer.render(card), await renderer.render(withoutFacts)];
    expect(comparePng(full.png, full.png).ratio).toBe(0);
    expect(comparePng(full.png, missing.png).ratio).toBeGreaterThan(MAX_DIFF_RATIO);
  });
});
