/**
 * An approximation of Teams' light theme for the Adaptive Cards renderer: close enough that the
 * screenshots show layout problems as Teams would. Liberation Sans (Arial metrics) stands in for
 * Segoe UI, which Debian does not ship; it comes from the fonts-liberation package.
 */
export const FONT_FAMILY = "'Liberation Sans', sans-serif";

function foreground(good: string, warning: string, attention: string) {
  const pair = (color: string) => ({ default: color, subtle: color });
  return {
    default: { default: "#242424", subtle: "#616161" },
    dark: pair("#242424"),
    light: pair("#FFFFFF"),
    accent: pair("#5B5FC7"),
    good: pair(good),
    warning: pair(warning),
    attention: pair(attention),
  };
}

const colors = foreground("#0E700E", "#835B00", "#C4314B");

export const TEAMS_LIGHT_HOST_CONFIG = {
  fontFamily: FONT_FAMILY,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: colors },
    emphasis: { backgroundColor: "#F5F5F5", foregroundColors: colors },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: colors },
    good: { backgroundColor: "#E7F2DA", foregroundColors: colors },
    attention: { backgroundColor: "#FDE7E9", foregroundColors: colors },
    warning: { backgroundColor: "#FBF6D9", foregroundColors: colors },
  },
  actions: { maxActions: 6, spacing: "default", buttonSpacing: 8, actionsOrientation: "horizontal", actionAlignment: "left", showCard: { actionMode: "inline" } },
  factSet: { title: { weight: "bolder", wrap: true, maxWidth: 120 }, value: { wrap: true }, spacing: 12 },
  inputs: { label: { inputSpacing: "small", requiredInputs: { weight: "bolder" }, optionalInputs: { weight: "bolder" } } },
} as const;
