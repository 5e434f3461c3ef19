import fs from "node:fs";
import git from "isomorphic-git";
import type { ReadFile } from "../applyEdits.js";
import { commitTree, fileMode, hashObject, isTreeMode, parseTree, renderCommit, renderTree, type GitObject, type ObjectType, type Person, type TreeEntry } from "./gitObjects.js";
import { ObjectCache, type ObjectCacheLimits } from "./objectCache.js";
import { buildPack } from "./packfile.js";
import { authHeaders, discoverReceivePack, pushPack, refValue, type PushOutcome, type Remote } from "./receivePack.js";

export type { Remote } from "./receivePack.js";

/**
 * A bare, shallow (depth 1) object store in a scratch directory, with an in-memory overlay on top:
 * enough to read files at the branch head and build commits on it, without the repository's history.
 *
 * Where objects live, and why:
 * - fetched objects are on disk (isomorphic-git writes the fetched pack); read through the overlay
 *   (`ObjectCache`), so each is read, inflated and hashed at most once;
 * - objects this store creates live ONLY in the overlay: nothing reads them from disk (the push
 *   packs them from memory, later edits read them from memory), so writing them would be wasted.
 *   When the overlay is dropped (over its memory budget) the store's head is forgotten with it, and
 *   the next batch fetches the head, which brings its whole tree to disk again (depth 1).
 * - no local ref ever names a created commit, so a fetch never advertises one as `have`.
 */
export class ShallowRepo {
  /** isomorphic-git's pack cache: the fetched packs' indexes, read once. */
  private readonly cache = {};
  readonly objects: ObjectCache;
  /** Objects made since `beginBatch`: exactly what the next push must send. */
  private readonly unpushed = new Map<string, GitObject>();
  /** receive-pack's capabilities, learnt on the first push of this store. */
  private capabilities: ReadonlySet<string> | undefined;

  constructor(
    private readonly gitdir: string,
    private readonly remote: Remote,
    limits?: ObjectCacheLimits,
  ) {
    this.objects = new ObjectCache(limits);
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
      // Credentials go in the first request (no 401 round trip); a 401 then means refused: one try.
      headers: authHeaders(this.remote),
      onAuth: () => ({ cancel: true }),
    });
    if (!result.fetchHead) throw new git.Errors.NotFoundError(`branch ${branch}`);
    return result.fetchHead;
  }

  /**
   * The branch's head on the server, without fetching (one GET of the ref advertisement). When it
   * is the head this store already holds, nothing needs to be fetched to read at it.
   */
  async remoteHead(branch: string): Promise<string> {
    const info = await git.getRemoteInfo({ http: this.remote.http, url: this.remote.url, headers: authHeaders(this.remote), onAuth: () => ({ cancel: true }) });
    const head = refValue(info, `refs/heads/${branch}`);
    if (head === undefined) throw new git.Errors.NotFoundError(`branch ${branch}`);
    return head;
  }

  /** An object by id: from memory, else from the fetched packs on disk (then kept in memory). */
  async readObject(oid: string): Promise<GitObject> {
    const known = this.objects.get(oid);
    if (known) return known;
    const { type, object } = await git.readObject({ fs, gitdir: this.gitdir, cache: this.cache, oid, format: "content" });
    if (type !== "blob" && type !== "tree" && type !== "commit") throw new Error(`unexpected ${type} object ${oid}`);
    const read = { type, content: object as Uint8Array };
    this.objects.put(oid, read);
    return read;
  }

  /** A reader of files at `commit` (undefined for a missing file). */
  fileReader(commit: string): ReadFile {
    return async (filepath) => {
      let tree = commitTree((await this.readObject(commit)).content);
      const parts = filepath.split("/");
      for (const [i, name] of parts.entries()) {
        const entry = parseTree((await this.readObject(tree)).content).find((e) => e.name === name);
        if (!entry) return undefined;
        const last = i === parts.length - 1;
        if (isTreeMode(entry.mode) === last) return undefined;
        if (last) return Buffer.from((await this.readObject(entry.oid)).content).toString("utf8");
        tree = entry.oid;
      }
      return undefined;
    };
  }

  /** Forgets objects made for an earlier attempt: a rebuilt batch sends only what it made itself. */
  beginBatch(): void {
    this.unpushed.clear();
  }

  /** Makes a commit whose tree is `parent`'s with `files` replaced; returns its id. Memory only. */
  async writeCommit(parent: string, files: Map<string, string>, message: string, author: Person): Promise<string> {
    const blobs = new Map<string, string>();
    for (const [path, text] of files) blobs.set(path, this.make("blob", Buffer.from(text, "utf8")));
    const tree = await this.replaceInTree(commitTree((await this.readObject(parent)).content), blobs);
    return this.make("commit", renderCommit({ tree, parent, author, committer: author, message }));
  }

  /** Rewrites only the trees on the paths to changed files; every other entry keeps its id. */
  private async replaceInTree(treeOid: string | undefined, blobs: Map<string, string>): Promise<string> {
    const entries: TreeEntry[] = treeOid ? parseTree((await this.readObject(treeOid)).content) : [];
    const byDirectory = new Map<string, Map<string, string>>();
    const set = (name: string, mode: string, oid: string): void => {
      const at = entries.findIndex((e) => e.name === name);
      if (at < 0) entries.push({ mode, name, oid });
      else entries[at] = { mode, name, oid };
    };
    for (const [path, oid] of blobs) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        // An existing file keeps its mode (an executable stays executable).
        const existing = entries.find((e) => e.name === path && !isTreeMode(e.mode));
        set(path, existing?.mode ?? fileMode, oid);
        continue;
      }
      const dir = path.slice(0, slash);
      const inner = byDirectory.get(dir) ?? new Map<string, string>();
      inner.set(path.slice(slash + 1), oid);
      byDirectory.set(dir, inner);
    }
    for (const [dir, inner] of byDirectory) {
      const existing = entries.find((e) => e.name === dir && isTreeMode(e.mode));
      set(dir, "40000", await this.replaceInTree(existing?.oid, inner));
    }
    return this.make("tree", renderTree(entries));
  }

  private make(type: ObjectType, content: Uint8Array): string {
    const oid = hashObject(type, content);
    const object = { type, content };
    this.objects.put(oid, object);
    this.unpushed.set(oid, object);
    return oid;
  }

  /**
   * Moves the branch from `base` (the head this batch built on) to `commit`, sending the objects
   * made since `beginBatch`. One POST; the first push of a store also asks for the server's
   * capabilities (one GET). `moved` means the branch is no longer at `base`: someone else won.
   */
  async push(branch: string, base: string, commit: string): Promise<PushOutcome> {
    this.capabilities ??= await discoverReceivePack(this.remote);
    const outcome = await pushPack(this.remote, this.capabilities, { branch, oldOid: base, newOid: commit }, buildPack(this.unpushed.values()));
    if (outcome.status === "ok") this.unpushed.clear();
    return outcome;
  }
}
