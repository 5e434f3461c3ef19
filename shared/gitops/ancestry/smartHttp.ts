/**
 * "Does commit D contain commit A?" over smart HTTP: fetch the branch with enough history into a
 * scratch directory and walk D's parents. GitOps branches move slowly, so a bounded depth is enough;
 * beyond it the answer is "not shown to contain", and readiness keeps waiting rather than guessing.
 */
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import git, { type HttpClient } from "isomorphic-git";
import type { CommitAncestry } from "../../readiness/ancestry.js";

export interface SmartHttpAncestryConfig {
  url: string;
  branch: string;
  credentials?: { username: string; password: string };
  scratchRoot: string;
  depth?: number;
}

export function createSmartHttpAncestry(config: SmartHttpAncestryConfig, http: HttpClient): CommitAncestry {
  return {
    async contains(descendant, ancestor) {
      if (descendant === ancestor) return true;
      const gitdir = await mkdtemp(join(config.scratchRoot, "ancestry-"));
      try {
        await git.init({ fs, gitdir, bare: true });
        await git.addRemote({ fs, gitdir, remote: "origin", url: config.url });
        await git.fetch({
          fs,
          http,
          gitdir,
          remote: "origin",
          ref: config.branch,
          singleBranch: true,
          depth: config.depth ?? 200,
          tags: false,
          onAuth: () => config.credentials ?? { cancel: true },
          onAuthFailure: () => ({ cancel: true }),
        });
        return await git.isDescendent({ fs, gitdir, oid: descendant, ancestor, depth: -1 }).catch((error: unknown) => {
          // Outside the fetched history (or unknown): not shown to contain it.
          if (error instanceof git.Errors.NotFoundError || error instanceof git.Errors.MaxDepthError) return false;
          throw error;
        });
      } finally {
        await rm(gitdir, { recursive: true, force: true });
      }
    },
  };
}
