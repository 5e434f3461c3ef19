/**
 * The subset of Adaptive Cards 1.5 that Baton emits, as plain JSON types. Teams renders up to 1.5
 * (protocols.md 5.4), so nothing newer belongs here; the test schema
 * (test/teams/cards/adaptiveCard1.5.schema.json) mirrors these types.
 */
export const CARD_SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export type TextColor = "default" | "dark" | "light" | "accent" | "good" | "warning" | "attention";
export type TextSize = "default" | "small" | "medium" | "large" | "extraLarge";
export type TextWeight = "default" | "lighter" | "bolder";
export type Spacing = "default" | "none" | "small" | "medium" | "large" | "extraLarge" | "padding";
export type ContainerStyle = "default" | "emphasis" | "good" | "attention" | "warning" | "accent";

interface ElementCommon {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
}

export interface TextBlock extends ElementCommon {
  type: "TextBlock";
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  fontType?: "default" | "monospace";
  maxLines?: number;
  style?: "default" | "heading";
}

/** Text that is never read as markdown (unlike TextBlock): where text from outside goes. */
export interface TextRun {
  type: "TextRun";
  text: string;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  fontType?: "default" | "monospace";
  italic?: boolean;
  strikethrough?: boolean;
}

export interface RichTextBlock extends ElementCommon {
  type: "RichTextBlock";
  inlines: TextRun[];
}

export interface FactSet extends ElementCommon {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

export interface Container extends ElementCommon {
  type: "Container";
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
}

export interface ActionSet extends ElementCommon {
  type: "ActionSet";
  actions: CardAction[];
}

export interface InputText extends ElementCommon {
  type: "Input.Text";
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export type CardElement = TextBlock | RichTextBlock | FactSet | Container | ActionSet | InputText;

type ActionStyle = "default" | "positive" | "destructive";

export interface SubmitAction {
  type: "Action.Submit";
  title: string;
  style?: ActionStyle;
  data: Record<string, string>;
}

export interface ExecuteAction {
  type: "Action.Execute";
  verb: string;
  title?: string;
  style?: ActionStyle;
  data: Record<string, string>;
  /** Older clients that do not know Action.Execute use this instead (protocols.md 5.1). */
  fallback?: SubmitAction;
}

export interface OpenUrlAction {
  type: "Action.OpenUrl";
  title: string;
  url: string;
}

export interface ToggleVisibilityAction {
  type: "Action.ToggleVisibility";
  title: string;
  targetElements: string[];
}

export type CardAction = ExecuteAction | SubmitAction | OpenUrlAction | ToggleVisibilityAction;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: typeof CARD_SCHEMA_URL;
  version: "1.5";
  fallbackText?: string;
  /** `userIds: []` asks for manual refresh only (protocols.md 5.1: at most 60 ids, omitted means everyone). */
  refresh?: { action: ExecuteAction; userIds: string[] };
  /** Teams host extension: use the full message width so file paths and digests wrap less. */
  msteams?: { width: "Full" };
  body: CardElement[];
  actions?: CardAction[];
}
