/**
 * Moves the durable store's write-ahead log into the database file on a worker thread.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
 * engine's thread, and fsyncs: measured on this 2-core machine under load, such a commit takes
 * tens of milliseconds (p99 14 ms, max 72 ms; the median commit is under 0.1 ms), and every
 * episode and activity behind it waits. A PASSIVE checkpoint from another connection does the
 * same work without holding up writers, so the engine's commits stay short.
 *
 * Durability is unchanged: a commit is in the WAL before it returns (journal_mode=WAL), whether
 * or not a checkpoint has run, so a kill -9 at any moment loses nothing that was committed; a
 * checkpoint cut short by a crash is redone from the WAL on the next open.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface WalCheckpointer {
  stop(): void;
}

// Plain CommonJS, run with eval: no file to find, so it works the same from dist/ and under tsx.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
const tick = () => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy or closing: the next tick tries again */ }
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export function startWalCheckpointer(file: string, everyMs: number): WalCheckpointer {
  const module = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, module, everyMs } });
  // Never keeps the host alive, and a failure here only means SQLite's own checkpoint does the work.
  worker.unref();
  worker.on("error", () => undefined);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage("stop");
    },
  };
}
