/**
 * How deeply a parsed body nests, counted without recursion (a hostile body may nest tens of
 * thousands of levels within the size limit). The SDK walks activities recursively and fails
 * with a stack overflow on such input, which would be a 5xx; real activities nest a few levels.
 */
export const MAX_ACTIVITY_DEPTH = 64;

export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
