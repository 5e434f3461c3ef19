import type { CommitAncestry } from "./ancestry.js";
import { commitOf } from "./revision.js";

/**
 * How a reported revision stands to the promoted commit. `other` covers both "older" and
 * "unrelated" (a force-push): neither proves our change is live.
 */
export type RevisionRelation = "promoted" | "descendant" | "other" | "unparseable";

/** The relation where it needs no git provider; undefined when only an ancestry question can tell. */
export function relationWithoutGit(revision: string, promotedCommit: string): RevisionRelation | undefined {
  const hash = commitOf(revision);
  if (hash === undefined) return "unparseable";
  const promoted = promotedCommit.trim().toLowerCase();
  if (hash === promoted) return "promoted";
  // A digest of another length (an OCI artifact, or SHA-256 git against a SHA-1 commit) cannot
  // be a descendant commit; asking the git provider would only cost a call.
  if (hash.length !== promoted.length) return "other";
  return undefined;
}

export async function relateRevision(revision: string, promotedCommit: string, ancestry: CommitAncestry): Promise<RevisionRelation> {
  const known = relationWithoutGit(revision, promotedCommit);
  if (known !== undefined) return known;
  const hash = commitOf(revision) ?? "";
  const promoted = promotedCommit.trim().toLowerCase();
  let contains: boolean;
  try {
    contains = await ancestry.contains(hash, promoted);
  } catch (cause) {
    throw new Error(`cannot tell whether revision ${revision} contains the promoted commit ${promoted}: the git provider failed`, { cause });
  }
  return contains ? "descendant" : "other";
}

/** True when the relation proves the promoted commit is included. */
export const includesPromoted = (relation: RevisionRelation | undefined): relation is "promoted" | "descendant" =>
  relation === "promoted" || relation === "descendant";

export interface RelatedRevision {
  revision: string;
  relation: RevisionRelation;
}

/**
 * The first revision (in order of preference) that includes the promoted commit, otherwise the
 * last one asked; undefined revisions are skipped, and undefined comes back when none was given.
 */
export async function bestRelation(
  revisions: (string | undefined)[],
  promotedCommit: string,
  ancestry: CommitAncestry,
): Promise<RelatedRevision | undefined> {
  let last: RelatedRevision | undefined;
  for (const revision of revisions) {
    if (revision === undefined) continue;
    last = { revision, relation: await relateRevision(revision, promotedCommit, ancestry) };
    if (includesPromoted(last.relation)) return last;
  }
  return last;
}
