/**
 * The small card for notifications nobody answers (promotion started, stage done, failed, rolled
 * back), wrapped as a Teams Workflows webhook message (protocols.md 5.3). No Action.Execute here:
 * cards posted by a flow do not reach the bot, so the only action is a link.
 */
import { CARD_CONTENT_TYPE, CARD_SCHEMA_URL, type AdaptiveCard, type CardAction } from "../cards/adaptiveCard.js";
import { clip, clipForMarkdown } from "../cards/text.js";

export interface Notification {
  title: string;
  facts: { title: string; value: string }[];
  link?: string;
}

export interface WorkflowMessage {
  type: "message";
  attachments: [{ contentType: typeof CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }];
}

// Bounds that keep any notification a few KB, far under the 28 KB message limit.
const MAX_FACTS = 12;
const TITLE_MAX = 200;
const FACT_TITLE_MAX = 40;
const FACT_VALUE_MAX = 300;
const URL_MAX = 2048;

function link(url: string | undefined): CardAction[] {
  if (!url || url.length > URL_MAX || !/^https?:\/\//i.test(url)) return [];
  return [{ type: "Action.OpenUrl", title: "Open timeline", url }];
}

export function buildNotificationCard(notification: Notification): AdaptiveCard {
  const facts = notification.facts.slice(0, MAX_FACTS).map((f) => ({ title: clipForMarkdown(f.title, FACT_TITLE_MAX), value: clipForMarkdown(f.value, FACT_VALUE_MAX) }));
  const omitted = notification.facts.length - facts.length;
  if (omitted > 0) facts.push({ title: "…", value: `${omitted} more on the timeline` });
  const title = clip(notification.title, TITLE_MAX);
  const card: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA_URL,
    version: "1.5",
    fallbackText: clipForMarkdown(notification.title, TITLE_MAX),
    body: [
      // A TextRun, not a TextBlock: the title carries tags and stage names, never read as markdown.
      { type: "RichTextBlock", inlines: [{ type: "TextRun", text: title, weight: "bolder", size: "medium" }] },
      ...(facts.length > 0 ? [{ type: "FactSet" as const, facts }] : []),
    ],
  };
  const actions = link(notification.link);
  if (actions.length > 0) card.actions = actions;
  return card;
}

export function workflowMessage(card: AdaptiveCard): WorkflowMessage {
  return { type: "message", attachments: [{ contentType: CARD_CONTENT_TYPE, contentUrl: null, content: card }] };
}
