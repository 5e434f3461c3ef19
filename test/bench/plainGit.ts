/**
 * The baselines a Baton commit is read against: the git CLI committing and pushing from an
 * existing clone to the same loopback server, in the same run.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const run = promisify(execFile);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" };

/** A clone kept for the whole bench: `commitAndPush()` times one `git commit && git push`. */
export interface PlainClone {
  /** Milliseconds for one commit of a changed file and its push. */
  commitAndPush(): Promise<number>;
  /** Commits per second over `commits` back-to-back commit+push rounds (the raw push loop). */
  pushLoop(commits: number): Promise<number>;
  close(): Promise<void>;
}

export async function plainClone(url: string, branch = "main"): Promise<PlainClone> {
  const dir = await mkdtemp(join(tmpdir(), "baton-bench-clone-"));
  await run("git", ["clone", "--quiet", url, dir], { env });
  let n = 0;
  const once = async (): Promise<void> => {
    n++;
    await writeFile(join(dir, "plain.txt"), `${n}\n`);
    await run("git", ["-C", dir, "add", "plain.txt"], { env });
    await run("git", ["-C", dir, "commit", "--quiet", "-m", `plain ${n}`], { env });
    await run("git", ["-C", dir, "push", "--quiet", "origin", `HEAD:${branch}`], { env });
  };
  return {
    async commitAndPush() {
      // `git add` of a new file is outside the measured part only for the first round.
      const start = performance.now();
      await once();
      return performance.now() - start;
    },
    async pushLoop(commits) {
      const start = performance.now();
      for (let i = 0; i < commits; i++) await once();
      return commits / ((performance.now() - start) / 1000);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
