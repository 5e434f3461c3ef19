// The durable store's WAL is checkpointed on a worker thread, so no engine commit pays SQLite's
// checkpoint (an fsync) inline. Observed by outcome only: the records reach the database file
// while the engine's own connection would not have checkpointed yet, and every record survives
// a reopen. The worker runs on its own clock, so the test waits for the file (never for a time).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DurableStore } from "../../local/durable/store.js";
import { EventType } from "../../local/durable/history.js";
import { eventually } from "../support/hostProcess.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function fill(store: DurableStore, instances: number): void {
  const now = Date.now();
  for (let i = 0; i < instances; i++) {
    const instanceId = `wal-${i}`;
    store.createInstance({ instanceId, name: "o", executionId: "e", input: JSON.stringify({ pad: "x".repeat(2000) }), createdAt: now }, now);
    store.commitEpisode(
      {
        instanceId,
        update: { runtimeStatus: "Running", updatedAt: now },
        appendHistory: [{ EventType: EventType.OrchestratorStarted, EventId: -1, IsPlayed: false, Timestamp: new Date(now).toISOString() }],
        consumedMessageIds: [],
        messages: [],
        activities: [],
        children: [],
      },
      now,
    );
  }
}

describe("background WAL checkpoints", () => {
  it("move committed records into the database file off the engine's thread, and lose none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-wal-"));
    dirs.push(dir);
    const file = join(dir, "hub.sqlite");
    const store = new DurableStore(file, { backgroundCheckpoints: true });
    const before = statSync(file).size;
    fill(store, 30); // under SQLite's default 1,000-page threshold, far under the engine connection's 10,000
    await eventually(() => Promise.resolve(statSync(file).size > before + 100_000 ? true : undefined), "the worker's checkpoint to reach the database file");
    store.close();
    const reopened = new DurableStore(file);
    try {
      expect(reopened.query({ instanceIdPrefix: "wal-" })).toHaveLength(30);
      expect(reopened.getHistory("wal-29")).toHaveLength(1);
    } finally {
      reopened.close();
    }
  });

  it("is off unless asked for: the same records then stay in the WAL until SQLite's own threshold", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-wal-"));
    dirs.push(dir);
    const file = join(dir, "hub.sqlite");
    const store = new DurableStore(file);
    const before = statSync(file).size;
    fill(store, 30);
    // Nothing moved them: what the first test sees is the worker's doing.
    expect(statSync(file).size).toBeLessThan(before + 100_000);
    store.close();
  });
});
