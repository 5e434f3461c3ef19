/**
 * How much of each list and text an approval card shows. The builder starts generous and steps
 * down until the card fits its byte budget; the last step shows no list items at all, so the
 * card's size no longer depends on how many changes, gates or votes there are.
 */
export interface CardLimits {
  changes: number;
  gates: number;
  votes: number;
  /** Characters of one outside value: a tag, a path, a gate detail. */
  text: number;
  /** Characters of one vote comment. */
  comment: number;
}

export const SHRINK_STEPS: readonly CardLimits[] = [
  { changes: 25, gates: 15, votes: 20, text: 200, comment: 500 },
  { changes: 12, gates: 8, votes: 10, text: 120, comment: 200 },
  { changes: 4, gates: 4, votes: 5, text: 60, comment: 80 },
  { changes: 0, gates: 0, votes: 0, text: 40, comment: 0 },
];

/** The first `max` items and how many were left out. */
export function firstOf<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  const shown = items.slice(0, max);
  return { shown, more: items.length - shown.length };
}

/** The last `max` items (the newest, for lists kept oldest first) and how many were left out. */
export function lastOf<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  const shown = max > 0 ? items.slice(-max) : [];
  return { shown, more: items.length - shown.length };
}
