/**
 * What a reader can do with an approval card: vote (Action.Execute, with Action.Submit for clients
 * that predate Universal Actions, protocols.md 5.1), comment, refresh, and follow links.
 */
import type { ActionSet, CardAction, ExecuteAction, InputText, OpenUrlAction } from "./adaptiveCard.js";
import { FULL_DIGEST_ID } from "./approvalSummary.js";
import { CARD_VERB, type ApprovalCardModel } from "./model.js";

/** Input id of the comment; Action.Execute sends it in `data.comment`. */
export const COMMENT_INPUT_ID = "comment";
export const COMMENT_MAX_LENGTH = 1000;
const URL_MAX_LENGTH = 2048;

type VoteData = { promotionId: string; stage: string };

function execute(verb: string, title: string, style: ExecuteAction["style"], data: VoteData): ExecuteAction {
  return { type: "Action.Execute", verb, title, style, data, fallback: { type: "Action.Submit", title, style, data: { verb, ...data } } };
}

/** Approve and Reject, only while the request is open. */
export function voteActions(model: ApprovalCardModel): CardAction[] {
  if (model.state !== "open") return [];
  const data = { promotionId: model.promotionId, stage: model.stage };
  return [execute(CARD_VERB.approve, "Approve", "positive", data), execute(CARD_VERB.reject, "Reject", "destructive", data)];
}

/** The reason box. Rejecting needs one; the bot enforces it, since the card cannot require an input for one action only. */
export function commentInput(model: ApprovalCardModel): InputText[] {
  if (model.state !== "open") return [];
  return [
    {
      type: "Input.Text",
      id: COMMENT_INPUT_ID,
      label: "Comment (required to reject)",
      placeholder: "Why approve or reject?",
      isMultiline: true,
      maxLength: COMMENT_MAX_LENGTH,
      spacing: "medium",
    },
  ];
}

/** Manual refresh only: `userIds: []` (auto refresh is capped at 60 users and costs a call per view). */
export function refresh(model: ApprovalCardModel): { action: ExecuteAction; userIds: string[] } | undefined {
  if (model.state !== "open") return undefined;
  return { action: { type: "Action.Execute", verb: CARD_VERB.refresh, data: { promotionId: model.promotionId, stage: model.stage } }, userIds: [] };
}

/** Links go only to http(s): the model is ours, but a bad setting must not become a javascript: link. */
function openUrl(title: string, url: string | undefined): OpenUrlAction[] {
  if (!url || url.length > URL_MAX_LENGTH || !/^https?:\/\//i.test(url)) return [];
  return [{ type: "Action.OpenUrl", title, url }];
}

/** Links stay on decided cards too: the timeline is where the details went. */
export function links(model: ApprovalCardModel): ActionSet {
  return {
    type: "ActionSet",
    spacing: "medium",
    actions: [
      ...openUrl("Open timeline", model.links.timeline),
      ...openUrl("View commit", model.links.commit),
      { type: "Action.ToggleVisibility", title: "Full digest", targetElements: [FULL_DIGEST_ID] },
    ],
  };
}
