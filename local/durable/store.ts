/**
 * Durable state in one SQLite file (better-sqlite3): instances, their history, the queue of
 * events waiting for each instance (timers are events with a future visible_at) and the queue
 * of activity work. Every state change an episode or an activity makes is ONE transaction with
 * journal_mode=WAL, so a kill -9 at any moment leaves either all of it or
 * none of it: a recorded completion is never lost and never makes its activity run again.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { HistoryEvent, InboundEvent } from "./history.js";
import type { InstanceRecord, RuntimeStatus } from "./status.js";
import { startWalCheckpointer, type WalCheckpointer } from "./walCheckpointer.js";

const CHECKPOINT_EVERY_MS = 250;
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

export interface QueuedMessage {
  id: number;
  instanceId: string;
  executionId: string | null;
  visibleAt: number;
  event: InboundEvent;
}

export interface ActivityWorkItem {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: string;
}

export interface NewMessage {
  instanceId: string;
  executionId: string | null;
  visibleAt: number;
  event: InboundEvent;
}

export interface NewActivity {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: string;
}

export interface NewInstance {
  instanceId: string;
  name: string;
  executionId: string;
  input: string | null;
  createdAt: number;
  parentInstanceId?: string | null;
  parentTaskId?: number | null;
  parentExecutionId?: string | null;
}

/** Everything one orchestrator episode changes, committed atomically. */
export interface EpisodeCommit {
  instanceId: string;
  update: Partial<Pick<InstanceRecord, "runtimeStatus" | "output" | "customStatus" | "executionId" | "input" | "createdAt">> & { updatedAt: number };
  /** Replace the whole history (continue-as-new) instead of appending. */
  resetHistory?: boolean;
  /** Drop every queued event and pending activity of the instance (it ended). */
  clearQueues?: boolean;
  appendHistory: HistoryEvent[];
  consumedMessageIds: number[];
  messages: NewMessage[];
  activities: NewActivity[];
  children: NewInstance[];
}

export interface InstanceQuery {
  createdFrom?: number;
  createdTo?: number;
  statuses?: RuntimeStatus[];
  instanceIdPrefix?: string;
  top?: number;
  after?: { createdAt: number; instanceId: string };
}

interface InstanceRow {
  instance_id: string;
  name: string;
  execution_id: string;
  runtime_status: RuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: number;
  updated_at: number;
  parent_instance_id: string | null;
  parent_task_id: number | null;
  parent_execution_id: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  instance_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  runtime_status TEXT NOT NULL,
  input TEXT, output TEXT, custom_status TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  parent_instance_id TEXT, parent_task_id INTEGER, parent_execution_id TEXT
);
CREATE INDEX IF NOT EXISTS instances_created ON instances(created_at, instance_id);
CREATE TABLE IF NOT EXISTS history (
  instance_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL, execution_id TEXT, visible_at INTEGER NOT NULL, event TEXT NOT NULL,
  control INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_due ON messages(visible_at);
CREATE INDEX IF NOT EXISTS messages_instance ON messages(instance_id, id);
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL, execution_id TEXT NOT NULL, task_id INTEGER NOT NULL,
  name TEXT NOT NULL, input TEXT NOT NULL
);
`;

export class DurableStore {
  readonly #db: Database.Database;
  // Preparing a statement costs more than running it: prepare each SQL text once.
  readonly #statements = new Map<string, Database.Statement>();

  readonly #checkpointer: WalCheckpointer | undefined;

  /**
   * `backgroundCheckpoints`: checkpoint the WAL on a worker thread (the host does), so no commit
   * of the engine pays for it; SQLite's own checkpoint then only runs if the WAL grows past
   * 10,000 pages (about 40 MB) anyway.
   */
  constructor(file: string, options: { backgroundCheckpoints?: boolean } = {}) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma("journal_mode = WAL");
    // WAL + NORMAL: a committed transaction survives any process crash (kill -9); only an OS
    // crash or power loss can roll back the last few, and then atomically (an activity whose
    // completion rolled back runs again; nothing is half-recorded). FULL costs an fsync per step.
    this.#db.pragma("synchronous = NORMAL");
    this.#db.exec(SCHEMA);
    if (options.backgroundCheckpoints && file !== ":memory:") {
      this.#db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      this.#checkpointer = startWalCheckpointer(file, CHECKPOINT_EVERY_MS);
    }
  }

  close(): void {
    this.#checkpointer?.stop();
    this.#db.close();
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    const row = this.#stmt("SELECT * FROM instances WHERE instance_id = ?").get(instanceId) as InstanceRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Creates (or, for a finished instance, replaces) an instance and queues its start. */
  createInstance(instance: NewInstance, visibleAt: number): void {
    this.#db.transaction(() => this.#createInstance(instance, visibleAt))();
  }

  #createInstance(instance: NewInstance, visibleAt: number): void {
    this.#deleteInstance(instance.instanceId);
    this.#stmt(
      `INSERT INTO instances (instance_id, name, execution_id, runtime_status, input, output, custom_status,
           created_at, updated_at, parent_instance_id, parent_task_id, parent_execution_id)
         VALUES (?, ?, ?, 'Pending', ?, NULL, NULL, ?, ?, ?, ?, ?)`,
    ).run(
      instance.instanceId,
      instance.name,
      instance.executionId,
      instance.input,
      instance.createdAt,
      instance.createdAt,
      instance.parentInstanceId ?? null,
      instance.parentTaskId ?? null,
      instance.parentExecutionId ?? null,
    );
    this.#insertMessage({
      instanceId: instance.instanceId,
      executionId: instance.executionId,
      visibleAt,
      event: {
        type: "ExecutionStarted",
        name: instance.name,
        input: instance.input,
        ...(instance.parentInstanceId ? { parentInstanceId: instance.parentInstanceId } : {}),
      },
    });
  }

  getHistory(instanceId: string): HistoryEvent[] {
    const rows = this.#stmt("SELECT event FROM history WHERE instance_id = ? ORDER BY seq").all(instanceId) as { event: string }[];
    return rows.map((r) => JSON.parse(r.event) as HistoryEvent);
  }

  enqueue(message: NewMessage): void {
    this.#insertMessage(message);
  }

  #insertMessage(m: NewMessage): void {
    this.#stmt("INSERT INTO messages (instance_id, execution_id, visible_at, event, control) VALUES (?, ?, ?, ?, ?)").run(m.instanceId, m.executionId, m.visibleAt, JSON.stringify(m.event), isControl(m.event) ? 1 : 0);
  }

  /**
   * Instances with at least one message due, oldest message first. A suspended instance only
   * counts for control messages (resume, terminate): its other events wait, queued, until resumed.
   */
  dueInstances(now: number, limit = 100): string[] {
    // INDEXED BY: without it SQLite scans every queued message (the timers of every waiting
    // promotion) to serve the GROUP BY; the due index reads only what is due.
    const rows = this.#stmt(
      `SELECT m.instance_id AS instance_id, MIN(m.id) AS first FROM messages m INDEXED BY messages_due
       LEFT JOIN instances i ON i.instance_id = m.instance_id
       WHERE m.visible_at <= ? AND (i.runtime_status IS NULL OR i.runtime_status != 'Suspended' OR m.control = 1)
       GROUP BY m.instance_id ORDER BY first LIMIT ?`,
    ).all(now, limit) as { instance_id: string }[];
    return rows.map((r) => r.instance_id);
  }

  dueMessages(instanceId: string, now: number): QueuedMessage[] {
    const rows = this.#stmt("SELECT * FROM messages WHERE instance_id = ? AND visible_at <= ? ORDER BY visible_at, id").all(instanceId, now) as { id: number; instance_id: string; execution_id: string | null; visible_at: number; event: string }[];
    return rows.map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      executionId: r.execution_id,
      visibleAt: r.visible_at,
      event: JSON.parse(r.event) as InboundEvent,
    }));
  }

  /** The earliest future message (a timer), so the engine knows when to wake up. */
  nextVisibleAfter(now: number): number | undefined {
    const row = this.#stmt("SELECT MIN(visible_at) AS at FROM messages WHERE visible_at > ?").get(now) as { at: number | null };
    return row.at ?? undefined;
  }

  deleteMessages(ids: number[]): void {
    const del = this.#stmt("DELETE FROM messages WHERE id = ?");
    this.#db.transaction(() => ids.forEach((id) => del.run(id)))();
  }

  commitEpisode(commit: EpisodeCommit, visibleNow: number): ActivityWorkItem[] {
    const created: ActivityWorkItem[] = [];
    this.#db.transaction(() => {
      const id = commit.instanceId;
      if (commit.resetHistory) this.#stmt("DELETE FROM history WHERE instance_id = ?").run(id);
      const row = this.#stmt("SELECT COALESCE(MAX(seq), -1) AS seq FROM history WHERE instance_id = ?").get(id) as { seq: number };
      const insertHistory = this.#stmt("INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)");
      let seq = row.seq;
      for (const e of commit.appendHistory) insertHistory.run(id, ++seq, JSON.stringify({ ...e, IsPlayed: true }));
      const del = this.#stmt("DELETE FROM messages WHERE id = ?");
      for (const m of commit.consumedMessageIds) del.run(m);
      if (commit.clearQueues) {
        this.#stmt("DELETE FROM messages WHERE instance_id = ?").run(id);
        this.#stmt("DELETE FROM activities WHERE instance_id = ?").run(id);
      }
      for (const m of commit.messages) this.#insertMessage(m);
      for (const child of commit.children) this.#createInstance(child, visibleNow);
      const insertActivity = this.#stmt("INSERT INTO activities (instance_id, execution_id, task_id, name, input) VALUES (?, ?, ?, ?, ?)");
      for (const a of commit.activities) {
        const info = insertActivity.run(a.instanceId, a.executionId, a.taskId, a.name, a.input);
        created.push({ ...a, id: Number(info.lastInsertRowid) });
      }
      this.#updateInstance(id, commit.update);
    })();
    return created;
  }

  #updateInstance(id: string, update: EpisodeCommit["update"]): void {
    const columns: Record<string, string> = {
      runtimeStatus: "runtime_status",
      output: "output",
      customStatus: "custom_status",
      executionId: "execution_id",
      input: "input",
      createdAt: "created_at",
      updatedAt: "updated_at",
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(update)) {
      const column = columns[key];
      if (column && value !== undefined) {
        sets.push(`${column} = ?`);
        values.push(value);
      }
    }
    if (sets.length > 0) this.#stmt(`UPDATE instances SET ${sets.join(", ")} WHERE instance_id = ?`).run(...values, id);
  }

  pendingActivities(): ActivityWorkItem[] {
    const rows = this.#stmt("SELECT * FROM activities ORDER BY id").all() as {
      id: number;
      instance_id: string;
      execution_id: string;
      task_id: number;
      name: string;
      input: string;
    }[];
    return rows.map((r) => ({ id: r.id, instanceId: r.instance_id, executionId: r.execution_id, taskId: r.task_id, name: r.name, input: r.input }));
  }

  /** Records an activity's outcome and retires its work item in one step. */
  completeActivity(item: ActivityWorkItem, event: InboundEvent, visibleAt: number): void {
    this.#db.transaction(() => {
      const gone = this.#stmt("DELETE FROM activities WHERE id = ?").run(item.id).changes === 0;
      if (gone) return;
      this.#insertMessage({ instanceId: item.instanceId, executionId: item.executionId, visibleAt, event });
    })();
  }

  query(q: InstanceQuery): InstanceRecord[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (q.createdFrom !== undefined) {
      where.push("created_at >= ?");
      values.push(q.createdFrom);
    }
    if (q.createdTo !== undefined) {
      where.push("created_at <= ?");
      values.push(q.createdTo);
    }
    if (q.statuses && q.statuses.length > 0) {
      where.push(`runtime_status IN (${q.statuses.map(() => "?").join(", ")})`);
      values.push(...q.statuses);
    }
    if (q.instanceIdPrefix) {
      where.push("substr(instance_id, 1, ?) = ?");
      values.push(q.instanceIdPrefix.length, q.instanceIdPrefix);
    }
    if (q.after) {
      where.push("(created_at > ? OR (created_at = ? AND instance_id > ?))");
      values.push(q.after.createdAt, q.after.createdAt, q.after.instanceId);
    }
    const sql = `SELECT * FROM instances ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, instance_id ${q.top ? "LIMIT ?" : ""}`;
    if (q.top) values.push(q.top);
    return (this.#stmt(sql).all(...values) as InstanceRow[]).map(toRecord);
  }

  /** Deletes an instance with its history, queued events and pending activities. */
  purge(instanceId: string): boolean {
    return this.#db.transaction(() => this.#deleteInstance(instanceId))();
  }

  #deleteInstance(instanceId: string): boolean {
    this.#stmt("DELETE FROM history WHERE instance_id = ?").run(instanceId);
    this.#stmt("DELETE FROM messages WHERE instance_id = ?").run(instanceId);
    this.#stmt("DELETE FROM activities WHERE instance_id = ?").run(instanceId);
    return this.#stmt("DELETE FROM instances WHERE instance_id = ?").run(instanceId).changes > 0;
  }
}

function isControl(event: InboundEvent): boolean {
  return event.type === "Terminate" || event.type === "Suspend" || event.type === "Resume";
}

function toRecord(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    name: row.name,
    executionId: row.execution_id,
    runtimeStatus: row.runtime_status,
    input: row.input,
    output: row.output,
    customStatus: row.custom_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    parentInstanceId: row.parent_instance_id,
    parentTaskId: row.parent_task_id,
    parentExecutionId: row.parent_execution_id,
  };
}
