/** A file as it is at a branch head, with the commit it was read at (pinned for audit). */
export interface FileAtCommit {
  text: string;
  commit: string;
}

/** Reads one file from a repository branch; undefined when the branch has no such file. */
export interface RepositoryFiles {
  readFile(branch: string, path: string): Promise<FileAtCommit | undefined>;
}
