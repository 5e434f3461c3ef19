/** The lists of an approval card (changes, gates, votes), trimmed to the current limits. */
import type { CardElement, RichTextBlock } from "./adaptiveCard.js";
import { heading, line, moreNote, run } from "./elements.js";
import { firstOf, lastOf, type CardLimits } from "./limits.js";
import { countedVotes, type ApprovalCardModel } from "./model.js";
import { clip, clipStart, utcMinute } from "./text.js";

type Change = ApprovalCardModel["changes"][number];
type Gate = ApprovalCardModel["gates"][number];
type Vote = ApprovalCardModel["votes"][number];

function changeLine(change: Change, max: number): RichTextBlock {
  const from = change.from === undefined ? run("(not set)", { isSubtle: true, italic: true }) : run(clip(change.from, max), { isSubtle: true, strikethrough: true });
  return line([
    run(clipStart(change.file, max), { fontType: "monospace" }),
    run(` ${clip(change.where, max)}: `, { isSubtle: true }),
    from,
    run(" → "),
    run(clip(change.to, max), { weight: "bolder" }),
  ]);
}

export function changeList(model: ApprovalCardModel, limits: CardLimits): CardElement[] {
  if (model.changes.length === 0) return [heading("What changes"), line([run("Nothing: the stage already runs this image.", { isSubtle: true })])];
  const { shown, more } = firstOf(model.changes, limits.changes);
  return [heading("What changes"), ...shown.map((c) => changeLine(c, limits.text)), ...moreNote(more, more === 1 ? "change" : "changes")];
}

const GATE_MARK = {
  passed: run("✔ passed", { color: "good", weight: "bolder" }),
  failed: run("✖ failed", { color: "attention", weight: "bolder" }),
  skipped: run("– skipped", { isSubtle: true, weight: "bolder" }),
} as const;

function gateLine(gate: Gate, max: number): RichTextBlock {
  return line([GATE_MARK[gate.outcome], run(` ${clip(gate.stage, max)} / ${clip(gate.gate, max)}`), run(` ${clip(gate.detail, max)}`, { isSubtle: true })]);
}

/** Newest gates matter most, so a trimmed list keeps the tail. */
export function gateList(model: ApprovalCardModel, limits: CardLimits): CardElement[] {
  if (model.gates.length === 0) return [heading("Gate results so far"), line([run("No gates have run yet.", { isSubtle: true })])];
  const { shown, more } = lastOf(model.gates, limits.gates);
  return [heading("Gate results so far"), ...moreNote(more, more === 1 ? "earlier gate" : "earlier gates"), ...shown.map((g) => gateLine(g, limits.text))];
}

function voteLines(vote: Vote, limits: CardLimits): RichTextBlock[] {
  const decision = vote.decision === "approve" ? run(" approved", { color: "good" }) : run(" rejected", { color: "attention" });
  const who = line([run(clip(vote.voter, limits.text), { weight: "bolder" }), decision, run(` · ${utcMinute(vote.at)}`, { isSubtle: true })]);
  const comment = vote.comment && limits.comment > 0 ? clip(vote.comment, limits.comment) : "";
  return comment ? [who, line([run(`“${comment}”`, { italic: true })], { spacing: "none" })] : [who];
}

export function voteList(model: ApprovalCardModel, limits: CardLimits): CardElement[] {
  const votes = countedVotes(model);
  if (votes.length === 0) return [];
  const { shown, more } = firstOf(votes, limits.votes);
  return [heading("Votes"), ...shown.flatMap((v) => voteLines(v, limits)), ...moreNote(more, more === 1 ? "vote" : "votes")];
}
