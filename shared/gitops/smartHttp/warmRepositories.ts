/**
 * Repository state kept warm between commits (issue 13): one bare object store per repository
 * and branch, made once per process in a process-local directory, then only topped up. A commit
 * builds on the head it already has (no fetch when nothing moved: the non-force push is the
 * compare-and-swap and tells us when it did), makes only the changed blobs and trees (in memory),
 * and pushes them in one request. Cost depends on what changed, not on the size of the repository.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { BranchQueue } from "../branchQueue.js";
import type { ObjectCacheLimits } from "./objectCache.js";
import { ShallowRepo, type Remote } from "./shallowRepo.js";

/** A warm object store and the head of its branch as last seen on the server (or pushed). */
export interface WarmRepo {
  repo: ShallowRepo;
  /** Where the store lives (removed when it is recycled). */
  dir: string;
  /** Undefined until the first fetch. */
  head: string | undefined;
  /** Fetches so far; each adds a pack, so the store is rebuilt after many (see `recycleAfter`). */
  fetches: number;
}

/** Process-local cache of warm repositories; create one per host process and share it. */
export class WarmRepositories {
  private readonly repos = new Map<string, Promise<WarmRepo>>();
  private readonly shared = new Map<string, unknown>();
  /** One operation at a time on a warm store (a batch, or a fresh read). */
  readonly lock = new BranchQueue();
  /** After this many fetches a store is replaced by a fresh one, so packs do not pile up. */
  readonly recycleAfter: number;
  /** Memory budget of each store's object overlay (see ObjectCache); the default suits a host. */
  private readonly objectLimits: ObjectCacheLimits | undefined;

  constructor(
    private readonly root: string,
    options: { recycleAfter?: number; objectLimits?: ObjectCacheLimits } = {},
  ) {
    this.recycleAfter = options.recycleAfter ?? 200;
    this.objectLimits = options.objectLimits;
  }

  /** Per-key state shared by every writer using this cache (the branch batcher). */
  sharedFor<T>(key: string, make: () => T): T {
    if (!this.shared.has(key)) this.shared.set(key, make());
    return this.shared.get(key) as T;
  }

  /**
   * Replaces a store (after many fetches): the next `get` starts a fresh one and the old one's
   * directory is removed. Call it holding `lock` for the key, so nothing still uses the old store.
   */
  async recycle(key: string): Promise<void> {
    const old = this.repos.get(key);
    this.repos.delete(key);
    const dir = await old?.then((r) => r.dir).catch(() => undefined);
    // Best effort: a directory left behind costs disk, never correctness.
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }

  get(key: string, remote: Remote): Promise<WarmRepo> {
    let repo = this.repos.get(key);
    if (!repo) {
      repo = this.open(remote);
      // A failed start (disk, permissions) must not stick.
      repo.catch(() => this.repos.delete(key));
      this.repos.set(key, repo);
    }
    return repo;
  }

  private async open(remote: Remote): Promise<WarmRepo> {
    await mkdir(this.root, { recursive: true });
    const dir = await mkdtemp(join(this.root, "baton-warm-"));
    const repo = new ShallowRepo(dir, remote, this.objectLimits);
    await repo.init();
    return { repo, dir, head: undefined, fetches: 0 };
  }
}
