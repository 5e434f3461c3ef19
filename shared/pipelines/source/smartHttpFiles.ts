import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import git, { type HttpClient } from "isomorphic-git";
import { ShallowRepo } from "../../gitops/smartHttp/shallowRepo.js";
import type { FileAtCommit, RepositoryFiles } from "./repositoryFiles.js";

export interface SmartHttpFilesConfig {
  /** Clone URL without credentials. */
  url: string;
  credentials?: { username: string; password: string };
  /** isomorphic-git HTTP client (`isomorphic-git/http/node` in production). */
  http: HttpClient;
  /** Directory for the scratch object store of each read (removed afterwards). */
  scratchRoot: string;
}

/** Files of a repository on any smart-HTTP git server, read from a depth-1 fetch of the branch. */
export function createSmartHttpRepositoryFiles(config: SmartHttpFilesConfig): RepositoryFiles {
  const auth = config.credentials ? { onAuth: () => config.credentials, onAuthFailure: () => ({ cancel: true }) } : {};
  return {
    async headCommit(branch): Promise<string> {
      // One GET of info/refs (protocol v2 ls-refs where the server speaks it): no pack, no scratch repository.
      const refs = await git.listServerRefs({ http: config.http, url: config.url, prefix: `refs/heads/${branch}`, protocolVersion: 2, ...auth }).catch((cause: unknown) => {
        throw new Error(`cannot list branch ${branch} of ${config.url}`, { cause });
      });
      const head = refs.find((r) => r.ref === `refs/heads/${branch}`);
      if (!head) throw new Error(`cannot read branch ${branch} of ${config.url}: no branch ${branch}`);
      return head.oid;
    },
    async readFile(branch, path): Promise<FileAtCommit | undefined> {
      const dir = await mkdtemp(join(config.scratchRoot, "baton-pipelines-"));
      try {
        const repo = new ShallowRepo(dir, { url: config.url, http: config.http, ...(config.credentials ? { credentials: config.credentials } : {}) });
        await repo.init();
        const commit = await repo.fetchHead(branch).catch((cause: unknown) => {
          const hint = cause instanceof git.Errors.NotFoundError ? `: no branch ${branch}` : "";
          throw new Error(`cannot fetch branch ${branch} of ${config.url}${hint}`, { cause });
        });
        const text = await repo.fileReader(commit)(path);
        return text === undefined ? undefined : { text, commit };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
