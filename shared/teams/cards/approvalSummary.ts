/** The top of an approval card: what is promoted where, the facts, and the outcome once decided. */
import type { CardElement, Container, ContainerStyle, FactSet, RichTextBlock } from "./adaptiveCard.js";
import { line, run } from "./elements.js";
import type { CardLimits } from "./limits.js";
import { countedVotes, type ApprovalCardModel } from "./model.js";
import { clip, clipForMarkdown, shortDigest, utcMinute } from "./text.js";

/** Id of the hidden block with the full digest, shown by the "Full digest" toggle. */
export const FULL_DIGEST_ID = "full-digest";

export function header(model: ApprovalCardModel, limits: CardLimits): CardElement[] {
  const big = { size: "large", weight: "bolder" } as const;
  return [
    { type: "TextBlock", text: model.state === "open" ? "Approval needed" : "Approval", isSubtle: true, size: "small", weight: "bolder" },
    line(
      [
        run(clip(model.pipeline, limits.text), big),
        run(" to ", { size: "large" }),
        run(clip(model.stage, limits.text), big),
        run(" · ", { size: "large", isSubtle: true }),
        run(clip(model.image.tag, limits.text), { size: "large", fontType: "monospace" }),
      ],
      { spacing: "none" },
    ),
  ];
}

const OUTCOME: Record<Exclude<ApprovalCardModel["state"], "open">, { style: ContainerStyle; text: string }> = {
  approved: { style: "good", text: "Approved: the promotion goes ahead." },
  rejected: { style: "attention", text: "Rejected: the promotion stops here." },
  expired: { style: "warning", text: "Expired: no decision before the deadline; the promotion stops here." },
  superseded: { style: "emphasis", text: "Superseded: a newer image took this promotion's place." },
};

/** The decision, in Baton's words; who voted and why is in the votes list. */
export function outcome(model: ApprovalCardModel): Container[] {
  if (model.state === "open") return [];
  const { style, text } = OUTCOME[model.state];
  return [{ type: "Container", style, bleed: true, spacing: "medium", items: [{ type: "TextBlock", text, weight: "bolder", wrap: true }] }];
}

export function facts(model: ApprovalCardModel, limits: CardLimits): FactSet {
  const votes = countedVotes(model);
  const approvals = votes.filter((v) => v.decision === "approve").length;
  const rejections = votes.length - approvals;
  return {
    type: "FactSet",
    spacing: "medium",
    facts: [
      { title: "Image", value: clipForMarkdown(`${model.image.name}:${model.image.tag}`, limits.text * 2) },
      { title: "Digest", value: clipForMarkdown(shortDigest(model.image.digest), limits.text) },
      { title: "Quorum", value: `${model.policy.quorum} approval${model.policy.quorum === 1 ? "" : "s"}` },
      { title: model.state === "open" ? "Expires" : "Deadline", value: utcMinute(model.policy.expiresAt) },
      { title: "Votes", value: `${approvals} approve, ${rejections} reject` },
    ],
  };
}

/** The full digest, hidden until asked for: long, but the one thing that identifies the image. */
export function fullDigest(model: ApprovalCardModel): RichTextBlock {
  return line([run(clip(model.image.digest, 160), { fontType: "monospace", size: "small" })], { id: FULL_DIGEST_ID, isVisible: false });
}
