/**
 * Watches a branch of a bare repository on the loopback git server from outside, the way a
 * person would see a commit land: every time the ref moves, when (performance.now()) and to what.
 */
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { git } from "../../local/git/bareRepo.js";

export interface RefMove {
  sha: string;
  at: number;
}

export interface RefWatch {
  /** Every move seen so far, in order. */
  readonly moves: RefMove[];
  /** The head as last seen. */
  readonly head: string;
  /** Resolves with the first move away from `from` (or at once if the head already moved). */
  next(from: string): Promise<RefMove>;
  close(): void;
}

/** Reads a branch head: the loose ref, else packed-refs (git gc may pack it during a burst). */
export async function readRef(gitdir: string, branch: string): Promise<string> {
  const loose = await readFile(join(gitdir, "refs", "heads", branch), "utf8").catch(() => undefined);
  if (loose && /^[0-9a-f]{40}/.test(loose)) return loose.slice(0, 40);
  const packed = await readFile(join(gitdir, "packed-refs"), "utf8").catch(() => "");
  const line = packed.split("\n").find((l) => l.endsWith(` refs/heads/${branch}`));
  if (!line) throw new Error(`${gitdir} has no branch ${branch}`);
  return line.slice(0, 40);
}

export async function watchRef(gitdir: string, branch: string): Promise<RefWatch> {
  let head = await readRef(gitdir, branch);
  const moves: RefMove[] = [];
  let waiters: { from: string; resolve: (m: RefMove) => void }[] = [];
  let reading = false;
  let again = false;
  const check = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const at = performance.now();
        const sha = await readRef(gitdir, branch).catch(() => head);
        if (sha !== head) {
          head = sha;
          const move = { sha, at };
          moves.push(move);
          const ready = waiters.filter((w) => w.from !== sha);
          waiters = waiters.filter((w) => w.from === sha);
          for (const w of ready) w.resolve(move);
        }
      } while (again);
    } finally {
      reading = false;
    }
  };
  const onEvent = (): void => void check();
  const watchers: FSWatcher[] = [watch(join(gitdir, "refs", "heads"), onEvent), watch(gitdir, onEvent)];
  return {
    moves,
    get head() {
      return head;
    },
    next(from) {
      const last = moves.at(-1);
      if (head !== from && last) return Promise.resolve(last);
      return new Promise((resolve) => {
        waiters.push({ from, resolve });
        void check();
      });
    },
    close() {
      for (const w of watchers) w.close();
    },
  };
}

/** Commits from `base` (excluded) to `head`, oldest first, with their `Baton-*` trailers. */
export async function commitsSince(gitdir: string, base: string, head: string): Promise<{ sha: string; trailers: Record<string, string> }[]> {
  const out = await git(gitdir, ["log", "--reverse", "--first-parent", "--format=%x01%H%n%B", `${base}..${head}`]);
  return out
    .split("\x01")
    .filter((c) => c.trim().length > 0)
    .map((c) => {
      const [sha = "", ...lines] = c.split("\n");
      const trailers: Record<string, string> = {};
      for (const l of lines) {
        const m = /^(Baton-[A-Za-z]+): (.*)$/.exec(l);
        if (m?.[1] && m[2] !== undefined) trailers[m[1]] = m[2];
      }
      return { sha: sha.trim(), trailers };
    });
}

/** When each commit of `chain` (oldest first) became visible: at the first move whose head includes it. */
export function landingTimes(chain: string[], moves: RefMove[]): number[] {
  const index = new Map(chain.map((sha, i) => [sha, i]));
  const times: number[] = new Array<number>(chain.length).fill(Number.NaN);
  let next = 0;
  for (const move of moves) {
    const upTo = index.get(move.sha);
    if (upTo === undefined) continue;
    for (; next <= upTo; next++) times[next] = move.at;
  }
  return times;
}
