// The hand-written 1.5 schema must bite, or "valid by the schema" in the other tests means nothing.
import { describe, expect, it } from "vitest";
import { buildApprovalCard } from "../../../shared/teams/cards/approvalCard.js";
import { openModel } from "./sampleModels.js";
import { cardValidator } from "./validateCard.js";

const validate = cardValidator();

function mutated(change: (card: Record<string, unknown> & { body: Record<string, unknown>[] }) => void): unknown {
  const card = JSON.parse(JSON.stringify(buildApprovalCard(openModel()))) as Record<string, unknown> & { body: Record<string, unknown>[] };
  change(card);
  return card;
}

describe("Adaptive Card 1.5 subset schema", () => {
  it("refuses a newer version, unknown element types, misspelt properties, bad enum values and over 60 refresh users", () => {
    expect(validate(mutated((c) => (c.version = "1.6")))).not.toEqual([]);
    expect(validate(mutated((c) => c.body.push({ type: "Table", rows: [] })))).not.toEqual([]);
    expect(validate(mutated((c) => c.body.push({ type: "TextBlock", txt: "typo" })))).not.toEqual([]);
    expect(validate(mutated((c) => c.body.push({ type: "TextBlock", text: "x", size: "huge" })))).not.toEqual([]);
    expect(validate(mutated((c) => (c.refresh = { action: { type: "Action.Execute", verb: "v" }, userIds: Array.from({ length: 61 }, (_, i) => `29:${i}`) })))).not.toEqual([]);
  });

  it("accepts the card as built", () => {
    expect(validate(mutated(() => undefined))).toEqual([]);
  });
});
