/**
 * The pipelines configuration as this process knows it (issue 9 item 6, issue 10 item 2): read at
 * start and re-checked when due, validated, and kept as the last good configuration when a newer
 * read is invalid or the source cannot be reached. Nothing here is driven by an unauthenticated
 * request: the timer (`tick`) and authenticated callers (`current`) are the only ones that read.
 *
 * When a re-check is due:
 * - `tick()` (the pipelinesWatch timer): every tick while reads succeed; after n failed reads in a
 *   row only every 2^(n-1) ticks, at most `maxBackoffTicks` apart.
 * - `current()` (an authenticated door, the pinning activity): the first read; then when the last
 *   read is older than `refreshMs`, or after failures `refreshMs * 2^n` (at most `maxBackoffMs`).
 * - `invalidate()` (an authenticated push notification for the source's branch): the next
 *   `current()` or `tick()` reads again, whatever the interval.
 * Reads are single-flight; a repository is re-fetched only when its branch head moved, and text is
 * parsed once per content (parsedConfig.ts).
 */
import type { PipelineTrust } from "../../config/pipelineTrust.js";
import { PipelineConfigError, formatProblem } from "../config/errors.js";
import type { ConfigTextSource } from "./configText.js";
import { parsePipelineText, type ParsedPipelines } from "./parsedConfig.js";

export interface ConfigProblemReport {
  /** `invalid`: the file was read and is wrong; `unreadable`: the source could not be read. */
  kind: "invalid" | "unreadable";
  /** One line per problem: `file:line:column: field: message` for an invalid file. */
  problems: string[];
  /** The commit of the invalid file, when read from a repository. */
  commit?: string;
  /** Since when (ISO 8601) this problem has been seen. */
  since: string;
}

export interface ConfigSnapshot {
  source: string;
  /** The configuration in use: the newest valid read. Absent until one read was valid. */
  good?: ParsedPipelines & { since: string };
  /** Why the newest read is not in use (the last good configuration stays). */
  problem?: ConfigProblemReport;
  /** When the source was last read (or its head checked). */
  checkedAt?: string;
  /** Reads started so far (for health and tests): ref checks and fetches alike. */
  reads: number;
}

export interface WatchOptions {
  now: () => number;
  /** Where transitions go (valid, invalid, unreadable, valid again): the console by default. */
  log: (level: "info" | "error", message: string) => void;
  refreshMs: number;
  maxBackoffMs: number;
  maxBackoffTicks: number;
  /** The sources-only list (no `version`) is accepted for BATON_PIPELINES only. */
  sourcesOnlyAllowed: boolean;
  /** The operator's bounds on the secrets and hosts the file may name. */
  trust: PipelineTrust;
}

export class PipelineConfigWatch {
  #good: ConfigSnapshot["good"];
  /** The verdict on the newest text read (stays while the branch head does not move). */
  #invalid: ConfigProblemReport | undefined;
  /** The source could not be read the last time it was tried. */
  #unreadable: ConfigProblemReport | undefined;
  #checkedAt: number | undefined;
  #knownCommit: string | undefined;
  #reads = 0;
  #failures = 0;
  #lastAttemptAt: number | undefined;
  #ticks = 0;
  #lastAttemptTick = 0;
  #inflight: Promise<void> | undefined;
  /** A push was announced while a read was under way: that read may predate it. */
  #staleAfterInflight = false;

  constructor(
    private readonly source: ConfigTextSource,
    private readonly options: WatchOptions,
  ) {}

  /** What is known now, without reading anything (for /api/health). */
  snapshot(): ConfigSnapshot {
    return {
      source: this.source.name,
      ...(this.#good ? { good: this.#good } : {}),
      ...(this.#unreadable ?? this.#invalid ? { problem: this.#unreadable ?? this.#invalid } : {}),
      ...(this.#checkedAt !== undefined ? { checkedAt: new Date(this.#checkedAt).toISOString() } : {}),
      reads: this.#reads,
    };
  }

  /** For an authenticated caller: reads first if nothing was read yet or the last read is stale. */
  async current(): Promise<ConfigSnapshot> {
    if (this.#lastAttemptAt === undefined || this.options.now() - this.#lastAttemptAt >= this.#refreshDelay()) await this.#refresh();
    return this.snapshot();
  }

  /** For the timer: re-checks every tick, backing off in ticks while reads fail. */
  async tick(): Promise<ConfigSnapshot> {
    this.#ticks++;
    const wait = this.#failures === 0 ? 1 : Math.min(2 ** (this.#failures - 1), this.options.maxBackoffTicks);
    if (this.#lastAttemptAt === undefined || this.#ticks - this.#lastAttemptTick >= wait) await this.#refresh();
    return this.snapshot();
  }

  /**
   * The source's branch moved (an authenticated push notification): the next caller reads again
   * instead of waiting out the refresh interval, so the next promotion sees the new file.
   */
  invalidate(): void {
    this.#lastAttemptAt = undefined;
    if (this.#inflight) this.#staleAfterInflight = true;
  }

  #refreshDelay(): number {
    return this.#failures === 0 ? this.options.refreshMs : Math.min(this.options.refreshMs * 2 ** this.#failures, this.options.maxBackoffMs);
  }

  #refresh(): Promise<void> {
    // Joining a read that started before the announced push would answer with the old file.
    if (this.#inflight && this.#staleAfterInflight) return this.#inflight.then(() => this.#refresh());
    this.#inflight ??= this.#read().finally(() => {
      this.#inflight = undefined;
      if (this.#staleAfterInflight) {
        this.#staleAfterInflight = false;
        this.#lastAttemptAt = undefined;
      }
    });
    return this.#inflight;
  }

  async #read(): Promise<void> {
    this.#reads++;
    this.#lastAttemptAt = this.options.now();
    this.#lastAttemptTick = this.#ticks;
    let read;
    try {
      read = await this.source.read(this.#knownCommit);
    } catch (error) {
      this.#failures++;
      this.#unreadable = this.#report(this.#unreadable, { kind: "unreadable", problems: [messageChain(error)] });
      return;
    }
    this.#failures = 0;
    this.#checkedAt = this.options.now();
    if (this.#unreadable) {
      this.#unreadable = undefined;
      this.options.log("info", `pipelines configuration ${this.source.name} can be read again`);
    }
    if (read === undefined) {
      this.#accept({ key: "none", origin: { path: this.source.name }, pipelines: [], config: { origin: { path: this.source.name }, pipelines: [] } });
      return;
    }
    // The branch head is the commit read last time: the same file, the same verdict.
    if (!read.changed) return;
    this.#knownCommit = read.origin.commit;
    try {
      this.#accept(parsePipelineText(read.text, read.origin, this.options.trust, { sourcesOnlyAllowed: this.options.sourcesOnlyAllowed }));
    } catch (error) {
      const problems = error instanceof PipelineConfigError ? error.problems.map(formatProblem) : [messageChain(error)];
      this.#invalid = this.#report(this.#invalid, { kind: "invalid", problems, ...(read.origin.commit ? { commit: read.origin.commit } : {}) });
    }
  }

  #accept(parsed: ParsedPipelines): void {
    const was = this.#invalid;
    this.#invalid = undefined;
    if (this.#good?.key === parsed.key) {
      this.#good = { ...parsed, since: this.#good.since };
      if (was) this.options.log("info", `pipelines configuration ${this.source.name} is valid again`);
      return;
    }
    this.#good = { ...parsed, since: new Date(this.options.now()).toISOString() };
    const at = parsed.origin.commit ? ` at ${parsed.origin.commit.slice(0, 12)}` : "";
    this.options.log("info", `pipelines configuration ${this.source.name}${at}: ${parsed.pipelines.length} pipeline(s) in use${was ? " (valid again)" : ""}`);
  }

  /** The new report (keeping `since` when nothing changed); logs it when it is news. */
  #report(previous: ConfigProblemReport | undefined, problem: Omit<ConfigProblemReport, "since">): ConfigProblemReport {
    const same = previous !== undefined && previous.problems.join("\n") === problem.problems.join("\n");
    if (same) return { ...problem, since: previous.since };
    const keeping = this.#good ? `keeping the last good configuration (${this.#good.origin.commit?.slice(0, 12) ?? this.#good.since})` : "no configuration in use yet: images are kept until it is valid";
    const what = problem.kind === "invalid" ? "is invalid" : "cannot be read";
    this.options.log("error", `pipelines configuration ${this.source.name} ${what}; ${keeping}:\n  ${problem.problems.join("\n  ")}`);
    return { ...problem, since: new Date(this.options.now()).toISOString() };
  }
}

/** An error and its causes in one line: the loaders put the useful part in the cause chain. */
function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message);
  return parts.length > 0 ? parts.join(": ") : String(error);
}
