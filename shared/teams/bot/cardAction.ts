/**
 * What a card click asks, read from an authenticated `adaptiveCard/action` invoke (protocols.md
 * 5.1). Who clicked comes from the activity the channel signed (`from.aadObjectId`,
 * `conversation.tenantId`), never from the card's `data`, which anyone who can see the card can
 * shape. `data` only says which promotion and stage, and the comment input.
 */
import { z } from "zod";
import { CARD_VERB } from "../cards/model.js";
import { text, type WireActivity } from "./wireActivity.js";

export type CardVerb = "approve" | "reject" | "refresh";

export interface CardAction {
  verb: CardVerb;
  promotionId: string;
  stage: string;
  comment?: string;
  voter: { id: string; upn?: string; name: string };
  tenantId: string;
}

const VERBS: Record<string, CardVerb> = { [CARD_VERB.approve]: "approve", [CARD_VERB.reject]: "reject", [CARD_VERB.refresh]: "refresh" };

const dataSchema = z.object({
  promotionId: z.string().trim().min(1).max(320),
  stage: z.string().trim().min(1).max(100),
  comment: z.string().trim().max(1000).optional(),
});

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** The action, or why it cannot be read (answered as a 400 invoke error). */
export function readCardAction(activity: WireActivity, action: { verb?: string; data?: unknown }): CardAction | { problem: string } {
  // Votes count only from Teams, in depth: the door already refused a token whose signing key is
  // not endorsed for the activity's channel (channelEndorsement.ts), and other channels (Web Chat)
  // let their users shape `from`, so a properly endorsed Web Chat activity still counts nothing.
  if (activity.channelId !== "msteams") return { problem: "votes are only accepted from Microsoft Teams" };
  const verb = action.verb ? VERBS[action.verb] : undefined;
  if (!verb) return { problem: `unknown verb ${String(action.verb)}` };
  const data = dataSchema.safeParse(action.data);
  if (!data.success) return { problem: "the card's data must carry promotionId and stage" };
  const voterId = guid.safeParse(activity.from?.aadObjectId);
  if (!voterId.success) return { problem: "the activity carries no Entra object id for the person who clicked" };
  const tenantId = guid.safeParse(activity.conversation?.tenantId ?? tenantOfChannelData(activity.channelData));
  if (!tenantId.success) return { problem: "the activity carries no tenant id" };
  const upn = upnOf(activity.from);
  const comment = data.data.comment || undefined;
  return {
    verb,
    promotionId: data.data.promotionId,
    stage: data.data.stage,
    ...(comment ? { comment } : {}),
    voter: { id: voterId.data.toLowerCase(), ...(upn ? { upn } : {}), name: text(activity.from?.name) ?? upn ?? voterId.data },
    tenantId: tenantId.data.toLowerCase(),
  };
}

function tenantOfChannelData(channelData: unknown): unknown {
  return (channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
}

/** Teams puts `userPrincipalName` on `from` in some activities; it is signed with the rest. */
function upnOf(from: WireActivity["from"]): string | undefined {
  const upn = from?.userPrincipalName;
  return typeof upn === "string" && /^[^@\s]+@[^@\s]+$/.test(upn) ? upn.toLowerCase() : undefined;
}
