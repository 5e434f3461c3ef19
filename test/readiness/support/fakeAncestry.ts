import type { CommitAncestry } from "../../../shared/readiness/ancestry.js";

/** A hand-written CommitAncestry over an in-memory commit graph (child → parents). */
export interface FakeAncestry extends CommitAncestry {
  parents: Map<string, string[]>;
  /** Every question asked, as [descendant, ancestor]. */
  asked: [string, string][];
}

/** A linear history, oldest first: each commit's parent is the one before it. */
export function linearHistory(...commits: string[]): FakeAncestry {
  const parents = new Map<string, string[]>();
  commits.forEach((commit, i) => parents.set(commit, i === 0 ? [] : [commits[i - 1] ?? ""]));
  return fakeAncestry(parents);
}

export function fakeAncestry(parents: Map<string, string[]>): FakeAncestry {
  const asked: [string, string][] = [];
  return {
    parents,
    asked,
    contains(descendant, ancestor) {
      asked.push([descendant, ancestor]);
      const seen = new Set<string>();
      const queue = [descendant];
      for (let commit = queue.shift(); commit !== undefined; commit = queue.shift()) {
        if (commit === ancestor) return Promise.resolve(true);
        if (seen.has(commit)) continue;
        seen.add(commit);
        queue.push(...(parents.get(commit) ?? []));
      }
      return Promise.resolve(false);
    },
  };
}

/** A full 40-hex commit sha from a short seed, for readable tests. */
export const sha = (seed: string): string => seed.repeat(40).slice(0, 40);
