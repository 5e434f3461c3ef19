/**
 * Git's loose object formats (blob, tree, commit), built and hashed in memory. The warm writer
 * makes its new objects here instead of writing them to disk through isomorphic-git: SHA-1 through
 * node:crypto is synchronous and cheap, where isomorphic-git hashes through async WebCrypto and
 * writes a deflated file per object that only its own push walk would read again.
 */
import { createHash } from "node:crypto";

export type ObjectType = "blob" | "tree" | "commit";

export interface GitObject {
  type: ObjectType;
  /** The object's content, without the `<type> <size>\0` header. */
  content: Uint8Array;
}

/** One entry of a tree; `mode` as git writes it (`100644`, `100755`, `40000`, `120000`, `160000`). */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

export const treeMode = "40000";
export const fileMode = "100644";

/** The object id: SHA-1 over `<type> <size>\0<content>`. */
export function hashObject(type: ObjectType, content: Uint8Array): string {
  return createHash("sha1").update(`${type} ${content.byteLength}\0`).update(content).digest("hex");
}

export function isTreeMode(mode: string): boolean {
  return mode === treeMode || mode === "040000";
}

/** Parses a tree's content: repeated `<mode> <name>\0<20-byte id>`. */
export function parseTree(content: Uint8Array): TreeEntry[] {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    const nul = bytes.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > bytes.length) throw new Error("malformed tree object");
    entries.push({ mode: bytes.toString("latin1", at, space), name: bytes.toString("utf8", space + 1, nul), oid: bytes.toString("hex", nul + 1, nul + 21) });
    at = nul + 21;
  }
  return entries;
}

/**
 * A tree's content. Git sorts entries by name as bytes, a tree's name compared as if it ended in
 * `/`; a tree in any other order is refused by `git fsck` (and by servers that check pushes).
 */
export function renderTree(entries: readonly TreeEntry[]): Uint8Array {
  const sortKey = (e: TreeEntry): Buffer => Buffer.from(isTreeMode(e.mode) ? `${e.name}/` : e.name, "utf8");
  const sorted = entries.map((e) => ({ e, key: sortKey(e) })).sort((a, b) => Buffer.compare(a.key, b.key));
  return Buffer.concat(sorted.flatMap(({ e }) => [Buffer.from(`${isTreeMode(e.mode) ? treeMode : e.mode} ${e.name}\0`, "utf8"), Buffer.from(e.oid, "hex")]));
}

/** The tree id a commit's content names (its first header line). */
export function commitTree(content: Uint8Array): string {
  const head = Buffer.from(content.buffer, content.byteOffset, Math.min(content.byteLength, 46)).toString("latin1");
  const match = /^tree ([0-9a-f]{40})\n/.exec(head);
  if (!match?.[1]) throw new Error("malformed commit object");
  return match[1];
}

export interface Person {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

/**
 * A commit's content, byte for byte as isomorphic-git's `writeCommit` made it before (UTC, `+0000`,
 * message without carriage returns or leading blank lines and with exactly one trailing newline),
 * so commit ids and messages do not change with the writer's internals.
 */
export function renderCommit(commit: { tree: string; parent: string; author: Person; committer: Person; message: string }): Uint8Array {
  const person = (p: Person): string => `${p.name} <${p.email}> ${p.timestamp} +0000`;
  const message = commit.message.replace(/\r/g, "").replace(/^\n+/, "").replace(/\n+$/, "") + "\n";
  return Buffer.from(`tree ${commit.tree}\nparent ${commit.parent}\nauthor ${person(commit.author)}\ncommitter ${person(commit.committer)}\n\n${message}`, "utf8");
}
