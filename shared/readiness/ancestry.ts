/**
 * "Ready at a later commit that contains ours" (issue 5) needs the git history of the GitOps
 * repository; the git provider answers it (an adapter beside the GitOps writer).
 */
export interface CommitAncestry {
  /**
   * Whether commit `descendant` contains commit `ancestor` (equal commits contain each other).
   * Full shas. Throws when the provider cannot answer; an unknown commit is `false`.
   */
  contains(descendant: string, ancestor: string): Promise<boolean>;
}
