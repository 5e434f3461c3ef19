// The size guarantee: Teams refuses messages over ~28 KB (protocols.md 5.4), so no model, however
// large, may produce a card over the budget, and a trimmed list says how much it left out.
import { describe, expect, it } from "vitest";
import { buildApprovalCard, CARD_BUDGET_BYTES, cardSize, TEAMS_MESSAGE_LIMIT_BYTES } from "../../../shared/teams/cards/approvalCard.js";
import { largeModel, openModel } from "./sampleModels.js";
import { cardValidator } from "./validateCard.js";

const validate = cardValidator();

describe("approval card size", () => {
  it("measures the serialized card in UTF-8 bytes", () => {
    const card = buildApprovalCard(openModel());
    expect(cardSize(card)).toBe(Buffer.byteLength(JSON.stringify(card)));
    expect(CARD_BUDGET_BYTES).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
  });

  it("keeps a card with 500 changes, 40 gates and 30 long comments under the budget, valid, and saying what it left out", () => {
    const card = buildApprovalCard(largeModel());
    expect(cardSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(validate(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toMatch(/and 4\d\d more changes \(see the timeline\)/);
    expect(text).toMatch(/and \d+ more earlier gates/);
    expect(text).toContain("Approve");
  });

  it("still fits when every outside string is huge and multi-byte", () => {
    const model = largeModel();
    const wide = "界".repeat(5000);
    model.image = { name: wide, tag: wide, digest: `sha256:${wide}` };
    model.pipeline = wide;
    model.changes = model.changes.map(() => ({ file: wide, where: wide, from: wide, to: wide }));
    model.gates = model.gates.map((g) => ({ ...g, stage: wide, gate: wide, detail: wide }));
    model.votes = model.votes.map((v) => ({ ...v, voter: wide, comment: wide }));
    const card = buildApprovalCard(model);
    expect(cardSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(validate(card)).toEqual([]);
  });

  it("leaves a small card untrimmed", () => {
    expect(JSON.stringify(buildApprovalCard(openModel()))).not.toContain("more changes");
  });

  it("refuses, naming the cause, rather than return an oversize card when the ids themselves are too long", () => {
    const model = openModel();
    model.promotionId = "p".repeat(10_000);
    expect(() => buildApprovalCard(model)).toThrow(/over the 20480-byte budget: promotionId or stage name is far too long/);
  });
});
