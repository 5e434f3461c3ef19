/** Small constructors for the card elements the builders repeat. */
import type { RichTextBlock, TextBlock, TextRun } from "./adaptiveCard.js";

export function run(text: string, style: Omit<TextRun, "type" | "text"> = {}): TextRun {
  return { type: "TextRun", text, ...style };
}

/** A line made of runs: how outside text is shown, since TextRuns are never read as markdown. */
export function line(inlines: TextRun[], extra: Omit<RichTextBlock, "type" | "inlines"> = {}): RichTextBlock {
  return { type: "RichTextBlock", inlines, spacing: "small", ...extra };
}

/** A section heading; only Baton's own words go here, never outside text. */
export function heading(text: string): TextBlock {
  return { type: "TextBlock", text, weight: "bolder", spacing: "medium", wrap: true, style: "heading" };
}

/** "and 475 more": what a trimmed list says instead of its tail. */
export function moreNote(count: number, what: string): TextBlock[] {
  if (count <= 0) return [];
  return [{ type: "TextBlock", text: `and ${count} more ${what} (see the timeline)`, isSubtle: true, size: "small", spacing: "small", wrap: true }];
}
