// The pipelines watch on its own: last good configuration kept, problems as file:line:column,
// reads backing off in timer ticks and in time, single-flight reads, a branch head that did not
// move costing a ref lookup only, and one parse per content.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPipelineTrust } from "../../../shared/config/pipelineTrust.js";
import { configTextSource, type ConfigTextSource } from "../../../shared/pipelines/source/configText.js";
import { PipelineConfigWatch, type WatchOptions } from "../../../shared/pipelines/source/configWatch.js";
import { pipelineParseCount } from "../../../shared/pipelines/source/parsedConfig.js";
import type { RepositoryFiles } from "../../../shared/pipelines/source/repositoryFiles.js";
import { MINIMAL } from "../problems.js";

const BROKEN_SCHEMA = MINIMAL.replace("target: { kind: kustomize }", "target: { kind: kustomise }");
const BROKEN_YAML = MINIMAL.replace("pipelines:\n", "pipelines:\n  - name: [web\n");

const TRUST = readPipelineTrust({});

function options(clock: { now: number }, logs: string[] = []): WatchOptions {
  return { now: () => clock.now, log: (level, m) => logs.push(`${level}: ${m}`), refreshMs: 60_000, maxBackoffMs: 900_000, maxBackoffTicks: 32, sourcesOnlyAllowed: false, trust: TRUST };
}

/** A repository whose branch head and file the test sets, counting ref lookups and file reads. */
class FakeRepository implements RepositoryFiles {
  head = "c1";
  text = MINIMAL;
  down = false;
  headLookups = 0;
  fileReads = 0;
  headCommit(): Promise<string> {
    this.headLookups++;
    return this.down ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:9")) : Promise.resolve(this.head);
  }
  readFile(): Promise<{ text: string; commit: string } | undefined> {
    this.fileReads++;
    return this.down ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:9")) : Promise.resolve({ text: this.text, commit: this.head });
  }
}

function repositoryWatch(repo: FakeRepository, clock = { now: 0 }, logs: string[] = []) {
  const source: ConfigTextSource = configTextSource(
    { repository: { ref: { provider: "git", url: "https://git.example.com/gitops.git", branch: "main", auth: { kind: "none" } }, path: ".baton/pipelines.yaml" }, trust: TRUST },
    () => Promise.resolve(repo),
  );
  return new PipelineConfigWatch(source, options(clock, logs));
}

describe("the pipelines watch", () => {
  it("keeps the last good configuration while a newer file is invalid, naming file:line:column and field", async () => {
    const repo = new FakeRepository();
    const logs: string[] = [];
    const watch = repositoryWatch(repo, { now: 0 }, logs);
    expect((await watch.tick()).good?.pipelines.map((p) => p.name)).toEqual(["web"]);
    repo.head = "c2";
    repo.text = BROKEN_SCHEMA;
    const broken = await watch.tick();
    expect(broken.good?.origin).toEqual({ path: "https://git.example.com/gitops.git@main:.baton/pipelines.yaml", commit: "c1" });
    expect(broken.problem).toMatchObject({ kind: "invalid", commit: "c2" });
    expect(broken.problem?.problems[0]).toMatch(/^https:\/\/git\.example\.com\/gitops\.git@main:\.baton\/pipelines\.yaml:10:\d+: pipelines\[0\]\.template\.edits\[0\]\.target\.kind: /);
    expect(logs.at(-1)).toMatch(/^error: pipelines configuration .* is invalid; keeping the last good configuration \(c1\):\n {2}.*:10:/);
    repo.head = "c3";
    repo.text = MINIMAL;
    const fixed = await watch.tick();
    expect(fixed.problem).toBeUndefined();
    expect(fixed.good?.origin.commit).toBe("c3");
    expect(logs.at(-1)).toBe("info: pipelines configuration https://git.example.com/gitops.git@main:.baton/pipelines.yaml is valid again");
  });

  it("reports invalid YAML with its line, and no configuration in use when none was ever valid", async () => {
    const repo = new FakeRepository();
    repo.text = BROKEN_YAML;
    const first = await repositoryWatch(repo).tick();
    expect(first.good).toBeUndefined();
    expect(first.problem?.problems[0]).toMatch(/pipelines\.yaml:6:\d+: YAML syntax: /);
  });

  it("fetches the file only when the branch head moved, and parses each content once", async () => {
    const repo = new FakeRepository();
    repo.text = `# a text no other test parsed\n${MINIMAL}`;
    const watch = repositoryWatch(repo);
    const before = pipelineParseCount();
    await watch.tick();
    await watch.tick();
    await watch.tick();
    expect([repo.headLookups, repo.fileReads]).toEqual([2, 1]);
    // Baton's own image bumps move the branch without touching the pipelines file: fetched, not parsed.
    repo.head = "c2";
    const moved = await watch.tick();
    expect(repo.fileReads).toBe(2);
    expect(moved.good?.origin.commit).toBe("c2");
    expect(moved.good?.config?.pipelines[0]?.origin).toEqual(moved.good?.origin);
    expect(pipelineParseCount() - before).toBe(1);
  });

  it("backs off in timer ticks while the source cannot be read, and keeps the last good configuration", async () => {
    const repo = new FakeRepository();
    const watch = repositoryWatch(repo);
    await watch.tick();
    repo.down = true;
    const attempts: number[] = [];
    for (let tick = 1; tick <= 40; tick++) {
      const lookups = repo.headLookups;
      const snapshot = await watch.tick();
      if (repo.headLookups > lookups) attempts.push(tick);
      expect(snapshot.good?.pipelines).toHaveLength(1);
    }
    // 1 tick apart, then 2, 4, 8, 16, 32 (the cap), 32.
    expect(attempts).toEqual([1, 2, 4, 8, 16, 32]);
    expect(watch.snapshot().problem).toMatchObject({ kind: "unreadable", problems: [expect.stringContaining("ECONNREFUSED") as unknown] });
    repo.down = false;
    for (let tick = 41; tick <= 64; tick++) await watch.tick();
    expect(watch.snapshot().problem).toBeUndefined();
  });

  it("lets callers read at most once per refresh interval, backing off in time after failures, one read at a time", async () => {
    const repo = new FakeRepository();
    const clock = { now: 0 };
    const watch = repositoryWatch(repo, clock);
    await Promise.all(Array.from({ length: 20 }, () => watch.current()));
    expect(repo.headLookups + repo.fileReads).toBe(1);
    for (let i = 0; i < 20; i++) await watch.current();
    expect(repo.headLookups + repo.fileReads).toBe(1);
    clock.now = 60_000;
    await watch.current();
    expect(repo.headLookups).toBe(1);
    repo.down = true;
    clock.now = 120_000;
    await watch.current();
    const failedAt = repo.headLookups;
    clock.now = 120_000 + 119_999; // 60 s * 2^1 after one failure
    for (let i = 0; i < 20; i++) await watch.current();
    expect(repo.headLookups).toBe(failedAt);
    clock.now = 240_000;
    await watch.current();
    expect(repo.headLookups).toBe(failedAt + 1);
  });
});

describe("a local pipelines file", () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-watch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is re-read on every tick: invalid at start, valid after an edit, invalid again after another", async () => {
    const file = join(dir, "pipelines.yaml");
    writeFileSync(file, BROKEN_YAML);
    const watch = new PipelineConfigWatch(configTextSource({ file, trust: TRUST }, () => Promise.reject(new Error("no repository"))), options({ now: 0 }));
    expect((await watch.tick()).problem?.problems[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:6:\\d+: YAML syntax`));
    writeFileSync(file, MINIMAL);
    expect((await watch.tick()).problem).toBeUndefined();
    writeFileSync(file, BROKEN_SCHEMA);
    const again = await watch.tick();
    expect(again.problem?.problems[0]).toContain(":10:");
    expect(again.good?.pipelines.map((p) => p.name)).toEqual(["web"]);
  });
});

describe("an announced push", () => {
  it("reads again on the next use after a push was announced, also when a read was under way", async () => {
    const repo = new FakeRepository();
    const clock = { now: 0 };
    const watch = repositoryWatch(repo, clock);
    await watch.current();
    repo.head = "c2";
    repo.text = MINIMAL.replace("pipelines:", "# edited\npipelines:");
    // Within the refresh interval nothing is read...
    clock.now = 1_000;
    expect((await watch.current()).good?.origin.commit).toBe("c1");
    // ...until a push is announced.
    watch.invalidate();
    expect((await watch.current()).good?.origin.commit).toBe("c2");
    expect(repo.fileReads).toBe(2);
    // A push announced while a read of the old head is under way: the caller waits for a new read.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lookup = repo.headCommit.bind(repo);
    // The first lookup answers the old head once released; later ones answer as usual.
    let first = true;
    repo.headCommit = () => {
      if (!first) return lookup();
      first = false;
      return gate.then(() => "c2");
    };
    clock.now = 200_000;
    const stale = watch.current();
    watch.invalidate();
    repo.head = "c3";
    const fresh = watch.current();
    release();
    expect((await stale).good?.origin.commit).toBe("c2");
    expect((await fresh).good?.origin.commit).toBe("c3");
  });
});
