import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import type { HttpClient } from "isomorphic-git";
import { applyEdits } from "../applyEdits.js";
import type { BranchQueue } from "../branchQueue.js";
import { defaultRetryPolicy, retryOnLostRace, type RetryPolicy, type RetryTiming } from "../casRetry.js";
import { commitMessage } from "../commitMessage.js";
import { readImage } from "../editFile.js";
import { GitOpsError } from "../errors.js";
import type { CommitIdentity, CommitRequest, CommitResult, CurrentImage, GitWriter } from "../writer.js";
import { isLostRace, toGitOpsError } from "./errors.js";
import { ShallowRepo } from "./shallowRepo.js";

/** A repository on any smart-HTTP git server: Azure Repos, GitLab, Gitea, `git http-backend`. */
export interface SmartHttpWriterConfig {
  /** Clone URL without credentials, e.g. `https://dev.azure.com/org/project/_git/gitops`. */
  url: string;
  /** HTTP Basic credentials; for Azure Repos and GitLab a PAT as password. */
  credentials?: { username: string; password: string };
  author: CommitIdentity;
  /** Directory for per-operation scratch object stores (removed after each operation). */
  scratchRoot: string;
  retry?: RetryPolicy;
}

export interface SmartHttpWriterDeps {
  /** isomorphic-git HTTP client (`isomorphic-git/http/node` in production). */
  http: HttpClient;
  timing: RetryTiming;
  now: () => Date;
  /** Shared by every writer in this host so same-branch commits queue instead of racing. */
  queue?: BranchQueue;
}

export function createSmartHttpWriter(config: SmartHttpWriterConfig, deps: SmartHttpWriterDeps): GitWriter {
  const remote = { url: config.url, http: deps.http, credentials: config.credentials };
  const where = redact(config.url);

  /** Each operation gets its own scratch store, so concurrent calls never share state. */
  async function withRepo<T>(run: (repo: ShallowRepo) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(config.scratchRoot, "baton-git-"));
    try {
      const repo = new ShallowRepo(dir, remote);
      await repo.init();
      return await run(repo);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function commit(request: CommitRequest): Promise<CommitResult> {
    return deps.queue ? deps.queue.run(`${where}#${request.branch}`, () => commitNow(request)) : commitNow(request);
  }

  async function commitNow(request: CommitRequest): Promise<CommitResult> {
    return withRepo((repo) =>
      retryOnLostRace<CommitResult>(config.retry ?? defaultRetryPolicy, deps.timing, `${where} ${request.branch}`, async (attempt) => {
        const head = await repo.fetchHead(request.branch).catch((e: unknown) => Promise.reject(toGitOpsError(e, `${where} ${request.branch}`)));
        const edited = await applyEdits(repo.fileReader(head), request.edits);
        if (edited.files.size === 0) return { done: { status: "unchanged", commit: head } };
        const timestamp = Math.floor(deps.now().getTime() / 1000);
        const created = await repo.writeCommit(head, edited.files, commitMessage(request.context, edited.changes), { ...config.author, timestamp });
        try {
          await repo.push(request.branch, created);
        } catch (error) {
          if (isLostRace(error)) return { lostRace: `${request.branch} moved from ${head}` };
          throw toGitOpsError(error, `${where} push ${request.branch}`);
        }
        return { done: { status: "committed", commit: created, parent: head, changes: edited.changes, attempts: attempt } };
      }),
    );
  }

  async function read(branch: string, edit: Parameters<GitWriter["read"]>[1]): Promise<CurrentImage> {
    return withRepo(async (repo) => {
      const head = await repo.fetchHead(branch).catch((e: unknown) => Promise.reject(toGitOpsError(e, `${where} ${branch}`)));
      const text = await repo.fileReader(head)(edit.file);
      if (text === undefined) throw new GitOpsError("file-missing", `${edit.file} does not exist on ${branch} at ${head}.`);
      return { commit: head, image: readImage(text, edit) };
    });
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
