// Plumbing over real bare repositories with the real git binary: no working trees, no global config.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const gitEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.test",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.test",
};

/** Runs git against a bare repository and returns stdout; fails with git's stderr. */
export function git(gitdir: string, args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", [`--git-dir=${gitdir}`, ...args], { env: { ...gitEnv, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(" ")} failed: ${stderr}`, { cause: error }));
      else resolve(stdout);
    });
    child.stdin?.end(options.input);
  });
}

/** Creates an empty bare repository whose default branch is `branch`. */
export async function initBare(gitdir: string, branch = "main"): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile("git", ["init", "--bare", "--quiet", `--initial-branch=${branch}`, gitdir], { env: gitEnv }, (error) => (error ? reject(new Error(`git init ${gitdir} failed`, { cause: error })) : resolve()));
  });
  await git(gitdir, ["config", "http.receivepack", "true"]);
}

/** Writes files (path -> content; null deletes) as one commit on `branch`, on top of its head if any. */
export async function commitFiles(gitdir: string, branch: string, files: Record<string, string | null>, message = "Test commit"): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "baton-index-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    const parent = await resolveRef(gitdir, branch);
    if (parent) await git(gitdir, ["read-tree", parent], { env });
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        await git(gitdir, ["update-index", "--remove", "--force-remove", path], { env });
        continue;
      }
      const blob = (await git(gitdir, ["hash-object", "-w", "--stdin"], { input: content })).trim();
      await git(gitdir, ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { env });
    }
    const tree = (await git(gitdir, ["write-tree"], { env })).trim();
    const commit = (await git(gitdir, ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-m", message])).trim();
    await git(gitdir, ["update-ref", `refs/heads/${branch}`, commit, parent ?? ""]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The commit a branch points at, or undefined when it does not exist. */
export async function resolveRef(gitdir: string, branch: string): Promise<string | undefined> {
  try {
    return (await git(gitdir, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A file's text at a revision. */
export async function showFile(gitdir: string, revision: string, path: string): Promise<string> {
  return git(gitdir, ["show", `${revision}:${path}`]);
}

/** Commit messages from newest to oldest (first parent only: Baton never merges). */
export async function commitMessages(gitdir: string, revision: string): Promise<string[]> {
  const out = await git(gitdir, ["log", "--first-parent", "--format=%B%x00", revision]);
  return out.split("\0").map((m) => m.trim()).filter((m) => m.length > 0);
}
