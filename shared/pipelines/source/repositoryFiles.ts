/** A file as it is at a branch head, with the commit it was read at (pinned for audit). */
export interface FileAtCommit {
  text: string;
  commit: string;
}

/** Reads one file from a repository branch; undefined when the branch has no such file. */
export interface RepositoryFiles {
  readFile(branch: string, path: string): Promise<FileAtCommit | undefined>;
  /**
   * The branch head's commit, with one small request (a ref lookup, no objects): re-checking the
   * pipelines file costs this until the branch moves.
   */
  headCommit(branch: string): Promise<string>;
}
