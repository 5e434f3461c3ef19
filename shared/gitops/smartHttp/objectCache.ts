/**
 * The warm store's in-memory overlay of git objects, keyed by id. Git objects are immutable, so an
 * entry can never be stale. It holds two kinds:
 * - objects this store created (new blobs, trees on changed paths, commits): they live ONLY here,
 *   never on disk, and were pushed to the server (or belonged to a batch that was thrown away);
 * - objects read once from the on-disk store (fetched packs): the commits, trees and blobs on
 *   edited paths, so the next commit touching them reads no file, inflates nothing, hashes nothing.
 * Memory is bounded: past `maxBytes` or `maxObjects` the owner drops the whole overlay between
 * batches (`overBudget`), and, because created objects exist nowhere else locally, the next batch
 * must fetch the head again (a depth-1 fetch brings its whole tree to disk).
 */
import type { GitObject } from "./gitObjects.js";

export interface ObjectCacheLimits {
  maxBytes: number;
  maxObjects: number;
}

export const defaultObjectCacheLimits: ObjectCacheLimits = { maxBytes: 32 * 1024 * 1024, maxObjects: 20_000 };

export class ObjectCache {
  private readonly objects = new Map<string, GitObject>();
  private bytes = 0;

  constructor(readonly limits: ObjectCacheLimits = defaultObjectCacheLimits) {}

  get(oid: string): GitObject | undefined {
    return this.objects.get(oid);
  }

  put(oid: string, object: GitObject): void {
    if (this.objects.has(oid)) return;
    this.objects.set(oid, object);
    this.bytes += object.content.byteLength;
  }

  /** True when the overlay should be dropped before the next batch. */
  get overBudget(): boolean {
    return this.bytes > this.limits.maxBytes || this.objects.size > this.limits.maxObjects;
  }

  get size(): { objects: number; bytes: number } {
    return { objects: this.objects.size, bytes: this.bytes };
  }

  clear(): void {
    this.objects.clear();
    this.bytes = 0;
  }
}
