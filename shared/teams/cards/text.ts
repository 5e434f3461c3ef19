/**
 * Making text from outside (tags, file paths, comments, gate details) safe and short for a card.
 * Most of it goes into TextRuns, which Adaptive Cards never read as markdown; FactSet values are
 * read as markdown by Teams, so those are escaped as well.
 */

// Control characters and bidi overrides: the latter can make "approve" read as something else.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const ELLIPSIS = "…";

/** One line of at most `max` characters (code points, so an emoji is never cut in half). */
export function clip(text: string, max: number): string {
  const flat = text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return chars.slice(0, Math.max(0, max - 1)).join("").trimEnd() + ELLIPSIS;
}

// Teams' card markdown is a CommonMark subset (emphasis, lists, links); backslash escapes keep a
// tag like `_rc_` or a path like `[x](y)` literal.
const MARKDOWN_INLINE = /[\\*_[\]`~<>]/g;
const MARKDOWN_LINE_START = /^(\s*)([-+#>]|\d+[.)])/;

/** Like `clip`, for fields that Teams reads as markdown (FactSet values, fallbackText). */
export function clipForMarkdown(text: string, max: number): string {
  return clip(text, max).replace(MARKDOWN_INLINE, "\\$&").replace(MARKDOWN_LINE_START, "$1\\$2");
}

/** "sha256:0123456789ab": enough to tell digests apart at a glance. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(":") ? digest.split(":", 2) : ["", digest];
  return clip(algorithm ? `${algorithm}:${(hex ?? "").slice(0, 12)}` : digest.slice(0, 12), 40);
}

/** "2026-11-22 14:00 UTC": fixed format, because the card is built far from the reader's locale. */
export function utcMinute(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return clip(iso, 40);
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Like `clip`, but keeps the end: for a long file path the file name matters most. */
export function clipStart(text: string, max: number): string {
  const chars = Array.from(clip(text, Number.MAX_SAFE_INTEGER));
  if (chars.length <= max) return chars.join("");
  return ELLIPSIS + chars.slice(chars.length - Math.max(0, max - 1)).join("").trimStart();
}
