/**
 * Row-key pieces that sort by time as strings. `toISOString` always has the same width for
 * years 0-9999, so lexical order is time order; an invalid time is a programming error.
 */
export function sortableTime(at: string | Date): string {
  const time = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(time.getTime())) throw new RangeError(`not a valid time: ${String(at)}`);
  return time.toISOString();
}

/** The last key of a range that starts with `prefix` (`.` sorts just before `/`). */
export function afterPrefix(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}
