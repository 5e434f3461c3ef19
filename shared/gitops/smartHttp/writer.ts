import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpClient } from "isomorphic-git";
import { applyEdits } from "../applyEdits.js";
import type { BranchQueue } from "../branchQueue.js";
import { defaultRetryPolicy, retryOnLostRace, type RetryPolicy, type RetryTiming } from "../casRetry.js";
import { commitMessage } from "../commitMessage.js";
import { readImage } from "../editFile.js";
import { GitOpsError, isGitOpsError } from "../errors.js";
import type { CommitIdentity, CommitRequest, CommitResult, CurrentImage, GitWriter } from "../writer.js";
import { BranchBatcher, type Pending } from "./branchBatcher.js";
import { toGitOpsError } from "./errors.js";
import { WarmRepositories, type WarmRepo } from "./warmRepositories.js";

/** A repository on any smart-HTTP git server: Azure Repos, GitLab, Gitea, `git http-backend`. */
export interface SmartHttpWriterConfig {
  /** Clone URL without credentials, e.g. `https://dev.azure.com/org/project/_git/gitops`. */
  url: string;
  /** HTTP Basic credentials; for Azure Repos and GitLab a PAT as password. */
  credentials?: { username: string; password: string };
  author: CommitIdentity;
  /** Process-local directory for the warm object stores (one per repository and branch). */
  scratchRoot: string;
  retry?: RetryPolicy;
}

export interface SmartHttpWriterDeps {
  /** isomorphic-git HTTP client (`isomorphic-git/http/node` in production). */
  http: HttpClient;
  timing: RetryTiming;
  now: () => Date;
  /**
   * Warm repositories shared by every smart-HTTP writer of this host process, so same-branch
   * commits from several writers are batched together. Without it each writer keeps its own.
   */
  warm?: WarmRepositories;
  /** Accepted for compatibility; same-branch commits are now batched (see `warm`) instead. */
  queue?: BranchQueue;
}

type Outcome = CommitResult | GitOpsError;

/**
 * Commits over smart HTTP from a warm object store. Concurrent requests for one branch are
 * combined: one push (and at most one fetch) per batch, one commit per request with its own
 * message and trailers, chained in arrival order. The non-force push is the compare-and-swap
 * across hosts: a lost race fetches what changed and rebuilds the whole batch.
 */
export function createSmartHttpWriter(config: SmartHttpWriterConfig, deps: SmartHttpWriterDeps): GitWriter {
  const remote = { url: config.url, http: deps.http, credentials: config.credentials };
  const where = redact(config.url);
  const warm = deps.warm ?? new WarmRepositories(join(config.scratchRoot || tmpdir(), "warm"));
  const keyOf = (branch: string): string => `${where}#${branch}`;

  async function fetchInto(store: WarmRepo, branch: string): Promise<string> {
    store.fetches++;
    const head = await store.repo.fetchHead(branch).catch((e: unknown) => Promise.reject(toGitOpsError(e, `${where} ${branch}`)));
    store.head = head;
    return head;
  }

  /**
   * The store for a branch, replaced by a fresh one after many fetches. An overlay past its memory
   * budget is dropped here, between batches; the objects this store made lived only there, so the
   * head goes with it and the next batch fetches.
   */
  async function storeFor(key: string): Promise<WarmRepo> {
    let store = await warm.get(key, remote);
    if (store.fetches >= warm.recycleAfter) {
      await warm.recycle(key);
      store = await warm.get(key, remote);
    }
    if (store.repo.objects.overBudget) {
      store.repo.objects.clear();
      store.head = undefined;
    }
    return store;
  }

  async function runBatch(branch: string, batch: Pending<CommitRequest, CommitResult>[]): Promise<void> {
    const key = keyOf(branch);
    const outcomes = await warm.lock.run(key, async () => {
      const store = await storeFor(key);
      return retryOnLostRace<Outcome[]>(config.retry ?? defaultRetryPolicy, deps.timing, `${where} ${branch}`, async (attempt) => {
        let fetched = false;
        if (store.head === undefined || attempt > 1) {
          await fetchInto(store, branch);
          fetched = true;
        }
        const base = store.head ?? "";
        store.repo.beginBatch();
        let parent = base;
        const results: Outcome[] = [];
        for (const { request } of batch) {
          try {
            const edited = await applyEdits(store.repo.fileReader(parent), request.edits);
            if (edited.files.size === 0) {
              results.push({ status: "unchanged", commit: parent });
              continue;
            }
            const timestamp = Math.floor(deps.now().getTime() / 1000);
            const created = await store.repo.writeCommit(parent, edited.files, commitMessage(request.context, edited.changes), { ...config.author, timestamp });
            results.push({ status: "committed", commit: created, parent, changes: edited.changes, before: edited.before, attempts: attempt });
            parent = created;
          } catch (error) {
            // A request that cannot apply (missing file, bad target) fails alone; the batch goes on.
            if (isGitOpsError(error) && !error.retryable) results.push(error);
            else throw error;
          }
        }
        if (parent === base) {
          // Nothing to push: the answers stand only if the head we built on is still current. One GET
          // tells; if it moved, the next attempt fetches and answers again.
          if (!fetched && (await store.repo.remoteHead(branch).catch((e: unknown) => Promise.reject(toGitOpsError(e, `${where} ${branch}`)))) !== base) return { lostRace: `${branch} moved from ${base}` };
          return { done: results };
        }
        // One POST: receive-pack moves the branch only if it is still at `base` (compare-and-swap).
        const pushed = await store.repo.push(branch, base, parent).catch((error: unknown) => Promise.reject(toGitOpsError(error, `${where} push ${branch}`)));
        if (pushed.status === "moved") return { lostRace: `${branch} moved from ${base} (${pushed.reason})` };
        store.head = parent;
        return { done: results };
      });
    });
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) pending.reject(new Error("commit batch lost a request: this is a bug in Baton."));
      else if (outcome instanceof GitOpsError) pending.reject(outcome);
      else pending.resolve(outcome);
    });
  }

  function batcherFor(branch: string): BranchBatcher<CommitRequest, CommitResult> {
    return warm.sharedFor(`batcher ${keyOf(branch)}`, () => new BranchBatcher<CommitRequest, CommitResult>((_key, batch) => runBatch(branch, batch)));
  }

  function commit(request: CommitRequest): Promise<CommitResult> {
    return batcherFor(request.branch).submit(keyOf(request.branch), request);
  }

  type ReadRequest = Parameters<GitWriter["read"]>[1];

  /** Reads that waited together share one look at the server (and at most one fetch), made after each of them was asked. */
  async function runReads(branch: string, batch: Pending<ReadRequest, CurrentImage>[]): Promise<void> {
    const key = keyOf(branch);
    await warm.lock.run(key, async () => {
      const store = await storeFor(key);
      // Ask the server where the branch is (one GET); fetch only when the store does not hold that head.
      const remoteHead = await store.repo.remoteHead(branch).catch((e: unknown) => Promise.reject(toGitOpsError(e, `${where} ${branch}`)));
      const head = remoteHead === store.head ? remoteHead : await fetchInto(store, branch);
      for (const { request: edit, resolve, reject } of batch) {
        try {
          const text = await store.repo.fileReader(head)(edit.file);
          if (text === undefined) throw new GitOpsError("file-missing", `${edit.file} does not exist on ${branch} at ${head}.`);
          resolve({ commit: head, image: readImage(text, edit) });
        } catch (error) {
          reject(error);
        }
      }
    });
  }

  function read(branch: string, edit: ReadRequest): Promise<CurrentImage> {
    const batcher = warm.sharedFor(`reads ${keyOf(branch)}`, () => new BranchBatcher<ReadRequest, CurrentImage>((_key, batch) => runReads(branch, batch)));
    return batcher.submit(keyOf(branch), edit);
  }

  return { commit, read };
}

/** The URL without any user:password part, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(invalid repository URL)";
  }
}
