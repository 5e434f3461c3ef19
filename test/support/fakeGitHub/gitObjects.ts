// Reads and writes Git objects in the fake's bare repository with the real git binary.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "../bareRepo.js";

export interface Person {
  name: string;
  email: string;
  date: string;
}

export interface ParsedCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: Person;
  committer: Person;
  message: string;
}

function person(line: string): Person {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) throw new Error(`unreadable signature line: ${line}`);
  return { name: m[1] ?? "", email: m[2] ?? "", date: new Date(Number(m[3]) * 1000).toISOString().replace(".000Z", "Z") };
}

export async function objectType(gitdir: string, sha: string): Promise<string | undefined> {
  return (await git(gitdir, ["cat-file", "-t", sha]).catch(() => "")).trim() || undefined;
}

export async function readCommit(gitdir: string, sha: string): Promise<ParsedCommit> {
  const raw = await git(gitdir, ["cat-file", "commit", sha]);
  const split = raw.indexOf("\n\n");
  const headers = raw.slice(0, split).split("\n");
  const value = (key: string): string[] => headers.filter((h) => h.startsWith(`${key} `)).map((h) => h.slice(key.length + 1));
  return {
    sha,
    tree: value("tree")[0] ?? "",
    parents: value("parent"),
    author: person(value("author")[0] ?? ""),
    committer: person(value("committer")[0] ?? ""),
    message: raw.slice(split + 2),
  };
}

export interface TreeEntryInput {
  path: string;
  mode: string;
  type: string;
  sha?: string | null;
  content?: string;
}

/** Writes a tree: `base` (if any) with entries added, replaced or (sha null) removed, paths nested. */
export async function writeTree(gitdir: string, base: string | undefined, entries: TreeEntryInput[]): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "fake-github-index-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    if (base) await git(gitdir, ["read-tree", base], { env });
    for (const entry of entries) {
      if (entry.sha === null) {
        await git(gitdir, ["update-index", "--force-remove", entry.path], { env });
        continue;
      }
      const sha = entry.sha ?? (await git(gitdir, ["hash-object", "-w", "--stdin"], { input: entry.content ?? "" })).trim();
      await git(gitdir, ["update-index", "--add", "--cacheinfo", `${entry.mode},${sha},${entry.path}`], { env });
    }
    return (await git(gitdir, ["write-tree"], { env })).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function treeEntries(gitdir: string, tree: string): Promise<{ mode: string; type: string; sha: string; path: string; size?: number }[]> {
  const out = await git(gitdir, ["ls-tree", "--long", tree]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", path = ""] = line.split("\t");
      const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
      return { mode, type, sha, path, ...(size === "-" ? {} : { size: Number(size) }) };
    });
}

export async function writeCommit(gitdir: string, tree: string, parents: string[], message: string, author: Person, committer: Person): Promise<string> {
  const stamp = (p: Person): string => `${Math.floor(new Date(p.date).getTime() / 1000)} +0000`;
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: stamp(author),
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: stamp(committer),
  };
  // Message through stdin, so git keeps it byte for byte (as GitHub does).
  return (await git(gitdir, ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])], { input: message, env })).trim();
}

export async function isAncestor(gitdir: string, ancestor: string, descendant: string): Promise<boolean> {
  return git(gitdir, ["merge-base", "--is-ancestor", ancestor, descendant]).then(
    () => true,
    () => false,
  );
}
