/** Replace `text[start, end)` with `replacement`; an insertion has start === end. */
export interface TextPatch {
  start: number;
  end: number;
  replacement: string;
}

/** Applies non-overlapping patches; everything outside them is kept byte for byte. */
export function applyPatches(text: string, patches: readonly TextPatch[]): string {
  const ordered = [...patches].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const p of ordered) {
    if (p.end > limit) throw new Error(`Overlapping edits at offset ${p.start}: this is a bug in Baton's editor.`);
    result = result.slice(0, p.start) + p.replacement + result.slice(p.end);
    limit = p.start;
  }
  return result;
}
