import fs from "node:fs";
import git, { type HttpClient } from "isomorphic-git";
import type { ReadFile } from "../applyEdits.js";

/** Where and how to reach the remote; credentials stay inside `onAuth`, never in URLs or messages. */
export interface Remote {
  url: string;
  http: HttpClient;
  credentials?: { username: string; password: string };
}

/**
 * A bare, shallow (depth 1) object store in a scratch directory: enough to read files at the
 * branch head and build one commit on top of it, without the repository's history.
 */
export class ShallowRepo {
  private readonly cache = {};

  constructor(
    private readonly gitdir: string,
    private readonly remote: Remote,
  ) {}

  private auth() {
    const credentials = this.remote.credentials;
    return {
      onAuth: () => credentials ?? { cancel: true },
      // One try only: a wrong token must fail fast, not loop.
      onAuthFailure: () => ({ cancel: true }),
    };
  }

  async init(): Promise<void> {
    await git.init({ fs, gitdir: this.gitdir, bare: true });
    // fetch needs a remote with a refspec to know where to record the fetched head.
    await git.addRemote({ fs, gitdir: this.gitdir, remote: "origin", url: this.remote.url });
  }

  /** Fetches the branch head (depth 1) and returns its commit id. */
  async fetchHead(branch: string): Promise<string> {
    const result = await git.fetch({
      fs,
      http: this.remote.http,
      gitdir: this.gitdir,
      cache: this.cache,
      remote: "origin",
      ref: branch,
      remoteRef: branch,
      singleBranch: true,
      depth: 1,
      tags: false,
      ...this.auth(),
    });
    if (!result.fetchHead) throw new git.Errors.NotFoundError(`branch ${branch}`);
    return result.fetchHead;
  }

  /** A reader of files at `commit` (undefined for a missing file). */
  fileReader(commit: string): ReadFile {
    return async (filepath) => {
      try {
        const { blob } = await git.readBlob({ fs, gitdir: this.gitdir, cache: this.cache, oid: commit, filepath });
        return Buffer.from(blob).toString("utf8");
      } catch (error) {
        if (error instanceof git.Errors.NotFoundError) return undefined;
        throw error;
      }
    };
  }

  /** Writes a commit whose tree is `parent`'s with `files` replaced; returns its id. */
  async writeCommit(parent: string, files: Map<string, string>, message: string, author: { name: string; email: string; timestamp: number }): Promise<string> {
    const { commit } = await git.readCommit({ fs, gitdir: this.gitdir, cache: this.cache, oid: parent });
    const blobs = new Map<string, string>();
    for (const [path, text] of files) blobs.set(path, await git.writeBlob({ fs, gitdir: this.gitdir, blob: Buffer.from(text, "utf8") }));
    const tree = await this.replaceInTree(commit.tree, blobs);
    const person = { ...author, timezoneOffset: 0 };
    return git.writeCommit({ fs, gitdir: this.gitdir, commit: { message, tree, parent: [parent], author: person, committer: person } });
  }

  /** Rewrites only the trees on the paths to changed files; every other entry keeps its id. */
  private async replaceInTree(treeOid: string | undefined, blobs: Map<string, string>): Promise<string> {
    const entries = treeOid ? (await git.readTree({ fs, gitdir: this.gitdir, cache: this.cache, oid: treeOid })).tree : [];
    const byDirectory = new Map<string, Map<string, string>>();
    for (const [path, oid] of blobs) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        const existing = entries.find((e) => e.path === path);
        if (existing) Object.assign(existing, { oid, type: "blob" });
        else entries.push({ mode: "100644", path, oid, type: "blob" });
        continue;
      }
      const dir = path.slice(0, slash);
      const inner = byDirectory.get(dir) ?? new Map<string, string>();
      inner.set(path.slice(slash + 1), oid);
      byDirectory.set(dir, inner);
    }
    for (const [dir, inner] of byDirectory) {
      const existing = entries.find((e) => e.path === dir && e.type === "tree");
      const oid = await this.replaceInTree(existing?.oid, inner);
      if (existing) existing.oid = oid;
      else entries.push({ mode: "040000", path: dir, oid, type: "tree" });
    }
    return git.writeTree({ fs, gitdir: this.gitdir, tree: entries });
  }

  /** Pushes `commit` to the branch without force: the server refuses it if the branch moved. */
  async push(branch: string, commit: string): Promise<void> {
    await git.writeRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}`, value: commit, force: true });
    await git.push({ fs, http: this.remote.http, gitdir: this.gitdir, cache: this.cache, url: this.remote.url, ref: branch, remoteRef: branch, force: false, ...this.auth() });
  }
}
