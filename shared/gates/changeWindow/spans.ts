/** Half-open time spans [from, to) in epoch milliseconds, with the reason each exists. */
export interface Span {
  from: number;
  to: number;
  why: string;
}

export const contains = (span: Span, t: number): boolean => span.from <= t && t < span.to;

/** The parts of `base` not covered by any of `holes`, sorted and clipped to [from, to). */
export function subtract(base: Span[], holes: Span[], from: number, to: number): Span[] {
  const cuts = [...holes].sort((a, b) => a.from - b.from);
  const pieces: Span[] = [];
  for (const span of base) {
    let start = Math.max(span.from, from);
    const end = Math.min(span.to, to);
    for (const hole of cuts) {
      if (start >= end) break;
      if (hole.to <= start || hole.from >= end) continue;
      if (hole.from > start) pieces.push({ ...span, from: start, to: hole.from });
      start = Math.max(start, hole.to);
    }
    if (start < end) pieces.push({ ...span, from: start, to: end });
  }
  return pieces.sort((a, b) => a.from - b.from || b.to - a.to);
}
