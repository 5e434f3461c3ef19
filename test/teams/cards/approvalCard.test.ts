// The approval card as JSON: what it shows, what it lets people do, and that every variant is a
// valid Adaptive Card 1.5 by the schema (validateCard.ts).
import { describe, expect, it } from "vitest";
import type { AdaptiveCard, CardElement, ExecuteAction } from "../../../shared/teams/cards/adaptiveCard.js";
import { buildApprovalCard } from "../../../shared/teams/cards/approvalCard.js";
import { CARD_VERB, type ApprovalCardModel } from "../../../shared/teams/cards/model.js";
import { decidedModel, openModel } from "./sampleModels.js";
import { cardValidator } from "./validateCard.js";

const validate = cardValidator();

/** Every piece of visible text in the body, in order, as one string. */
function bodyText(elements: CardElement[]): string {
  return elements
    .map((e) => {
      switch (e.type) {
        case "TextBlock":
          return e.text;
        case "RichTextBlock":
          return e.inlines.map((r) => r.text).join("");
        case "FactSet":
          return e.facts.map((f) => `${f.title}: ${f.value}`).join("\n");
        case "Container":
          return bodyText(e.items);
        case "ActionSet":
          return e.actions.map((a) => a.title ?? "").join(" | ");
        case "Input.Text":
          return e.label ?? "";
      }
    })
    .join("\n");
}

const STATES: ApprovalCardModel["state"][] = ["open", "approved", "rejected", "expired", "superseded"];

describe("buildApprovalCard", () => {
  it("builds a valid Adaptive Card 1.5 in every state", () => {
    for (const state of STATES) {
      const card = buildApprovalCard(state === "open" ? openModel() : decidedModel(state));
      expect(validate(card), state).toEqual([]);
      expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" });
    }
  });

  it("shows pipeline, stage, image, short digest, quorum, expiry, votes, changes, gates and links", () => {
    const card = buildApprovalCard(openModel());
    const text = bodyText(card.body);
    for (const expected of [
      "orders-api to prod · 1.4.2",
      "Image: contosoprod.azurecr.io/orders/orders-api:1.4.2",
      "Digest: sha256:3f1c9a7be2d0\n",
      "Quorum: 2 approvals",
      "Expires: 2026-11-23 14:00 UTC",
      "Votes: 1 approve, 0 reject",
      "clusters/prod/orders-api/values.yaml image.tag: 1.4.1 → 1.4.2",
      "✔ passed pre-prod / error-rate 0.2% errors, limit 1%",
      "– skipped pre-prod / change-window",
      "Ada Lovelace approved · 2026-11-22 10:05 UTC",
      "“Checked the dashboards, looks good.”",
      "Comment (required to reject)",
      "Open timeline | View commit | Full digest",
    ]) {
      expect(text).toContain(expected);
    }
    // The full digest is on the card, hidden until toggled.
    expect(card.body).toContainEqual(expect.objectContaining({ id: "full-digest", isVisible: false }));
    expect(text).toContain(openModel().image.digest);
  });

  it("counts and lists one vote per person, the first, as the stage counts them", () => {
    const model = openModel();
    model.votes = [
      { voter: "ada@contoso.example", decision: "approve", at: "2026-11-22T10:05:00Z" },
      { voter: "ADA@contoso.example", decision: "reject", comment: "second thoughts", at: "2026-11-22T10:06:00Z" },
      { voter: "ben@contoso.example", decision: "approve", at: "2026-11-22T10:07:00Z" },
    ];
    const text = bodyText(buildApprovalCard(model).body);
    expect(text).toContain("Votes: 2 approve, 0 reject");
    expect(text).not.toContain("second thoughts");
    expect(text.match(/contoso\.example/gi)).toHaveLength(2);
  });

  it("offers Approve and Reject as Action.Execute with Action.Submit fallbacks, a comment box and manual refresh while open", () => {
    const card = buildApprovalCard(openModel());
    const data = { promotionId: "p-20261122-orders-api-1.4.2", stage: "prod" };
    expect(card.actions).toEqual([
      { type: "Action.Execute", verb: CARD_VERB.approve, title: "Approve", style: "positive", data, fallback: { type: "Action.Submit", title: "Approve", style: "positive", data: { verb: CARD_VERB.approve, ...data } } },
      { type: "Action.Execute", verb: CARD_VERB.reject, title: "Reject", style: "destructive", data, fallback: { type: "Action.Submit", title: "Reject", style: "destructive", data: { verb: CARD_VERB.reject, ...data } } },
    ]);
    expect(card.body).toContainEqual(expect.objectContaining({ type: "Input.Text", id: "comment", isMultiline: true }));
    expect(card.refresh).toEqual({ action: { type: "Action.Execute", verb: CARD_VERB.refresh, data }, userIds: [] });
  });

  it("shows the outcome and offers no vote, comment or refresh once decided", () => {
    const outcomes = { approved: "Approved", rejected: "Rejected", expired: "Expired", superseded: "Superseded" } as const;
    for (const [state, word] of Object.entries(outcomes) as [keyof typeof outcomes, string][]) {
      const card: AdaptiveCard = buildApprovalCard(decidedModel(state));
      expect(card.actions, state).toBeUndefined();
      expect(card.refresh, state).toBeUndefined();
      const json = JSON.stringify(card);
      expect(json, state).not.toContain("Action.Execute");
      expect(json, state).not.toContain("Input.Text");
      expect(bodyText(card.body), state).toContain(`${word}:`);
      expect(bodyText(card.body), state).toContain("Open timeline");
    }
  });

  it("keeps outside text literal: in TextRuns (never markdown), escaped in facts, one line, no control or bidi characters", () => {
    const model = openModel();
    model.image.tag = "_rc_[1](javascript:alert(1))";
    model.changes = [{ file: "**/x.yaml\nnext line", where: "a\u202Eb", to: "# heading" }];
    model.votes = [{ voter: "<b>Mallory</b>", decision: "reject", comment: "see [this](https://evil.example)\u0007", at: "2026-11-22T10:05:00Z" }];
    const card = buildApprovalCard(model);
    expect(validate(card)).toEqual([]);
    const image = card.body.flatMap((e) => (e.type === "FactSet" ? e.facts : [])).find((f) => f.title === "Image");
    expect(image?.value).toBe("contosoprod.azurecr.io/orders/orders-api:\\_rc\\_\\[1\\](javascript:alert(1))");
    const text = bodyText(card.body);
    expect(text).toContain("**/x.yaml next line ab: (not set) → # heading");
    expect(text).toContain("<b>Mallory</b> rejected");
    expect(text).toContain("“see [this](https://evil.example)”");
    // Outside text only ever sits in TextRuns or escaped facts, never in a markdown TextBlock.
    const textBlocks = JSON.stringify(card.body.filter((e) => e.type === "TextBlock"));
    expect(textBlocks).not.toMatch(/Mallory|evil|_rc_/);
  });

  it("links only to http(s) URLs", () => {
    const model = openModel();
    model.links = { timeline: "javascript:alert(1)", commit: "https://github.com/contoso/gitops/commit/5e1a0c9" };
    const links = buildApprovalCard(model).body.flatMap((e) => (e.type === "ActionSet" ? e.actions : []));
    expect(links.map((a) => a.title)).toEqual(["View commit", "Full digest"]);
  });

  it("carries promotionId and stage on every action, including the refresh", () => {
    const card = buildApprovalCard(openModel());
    const executes: ExecuteAction[] = [...(card.actions ?? []).filter((a): a is ExecuteAction => a.type === "Action.Execute"), ...(card.refresh ? [card.refresh.action] : [])];
    expect(executes).toHaveLength(3);
    for (const action of executes) {
      expect(action.data).toEqual({ promotionId: "p-20261122-orders-api-1.4.2", stage: "prod" });
    }
  });
});

describe("long outside text", () => {
  it("keeps the end of a long file path, where the file name is", () => {
    const model = openModel();
    model.changes = [{ file: `clusters/${"nested/".repeat(60)}values.yaml`, where: "image.tag", to: "1.4.2" }];
    const text = JSON.stringify(buildApprovalCard(model));
    expect(text).toContain("…");
    expect(text).toMatch(/…[a-z/]*nested\/values\.yaml"/);
  });
});
