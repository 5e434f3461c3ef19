// Ingestion throughput: verified GitHub webhooks per second through the HTTP handler (read the
// body, HMAC-SHA256 over the raw bytes, parse, dedupe, start), beside the raw cost of HMAC +
// JSON.parse of the same payload in the same run, so the handler's overhead reads as a ratio.
// The requests are built before their batch is timed: building one is the Functions worker's
// work (the same for any handler), and on Node 20 it alone costs more than the baseline. So is
// moving what it built out of the young generation: each Request's body stream is a native-backed
// object that survives scavenges until a full collection, so a batch's scavenges would copy and
// promote 100 of the worker's requests and charge that to the handler (about a fifth of its
// time). Each batch, on both sides, therefore starts after two minor collections (which promote
// the batch's inputs); the handler's own garbage is still collected by scavenges during the batch
// or the next pair, whose cost is proportional to survivors, not to garbage. A full collection
// instead would flush compiled code and caches and slow both sides alike. Rates are per CPU
// second of this process.
import { createHmac, timingSafeEqual } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createGitHubWebhookHandler } from "../../shared/ingest/handlers/github.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import { signGitHub } from "../ingest/signing.js";
import { context, request, SECRETS, world } from "../ingest/world.js";
import type { BenchReport } from "./report.js";
import { medianRun } from "./stats.js";

const DIGEST = "sha256:9f2d7c1b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
const SECONDS = 2;
const BATCH = 100;

// V8's `gc()`, exposed at run time (the bench runs under tsx, without --expose-gc).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;

/** Two scavenges: objects alive now (the batch's inputs) are promoted out of the young generation. */
function promoteInputs(): void {
  gc({ type: "minor" });
  gc({ type: "minor" });
}

/**
 * Operations per CPU second of `work`, timing only the work (each batch's inputs are made first).
 * CPU time of this process rather than wall time: both sides are CPU-bound (no I/O), and on a
 * machine shared with other jobs wall time mostly measures the scheduler.
 */
async function rate<I>(prepare: () => I, work: (input: I) => Promise<void> | void, afterBatch: () => void = () => undefined): Promise<number> {
  for (let i = 0; i < 200; i++) await work(prepare()); // warm up
  let spent = 0;
  let n = 0;
  while (spent < SECONDS * 1e6) {
    const inputs = Array.from({ length: BATCH }, prepare);
    promoteInputs();
    const start = process.cpuUsage();
    for (const input of inputs) await work(input);
    const used = process.cpuUsage(start);
    spent += used.user + used.system;
    n += inputs.length;
    afterBatch();
  }
  return n / (spent / 1e6);
}

export default async function (report: BenchReport): Promise<void> {
  const body = JSON.stringify(taggedContainerPackage("1.4.2", DIGEST));
  const signature = await signGitHub(body, SECRETS.GITHUB_WEBHOOK_SECRET);
  const w = world();
  const handler = createGitHubWebhookHandler(w.deps);
  const logs: string[] = [];
  const ctx = context(logs);

  // A fresh delivery id each time, so every request goes the whole way (the dedupe does not short-cut it).
  let delivery = 0;
  // Three runs, each the handler beside the raw cost measured right after it; the median ratio wins.
  const result = await medianRun(3, async () => {
    const handled = await rate(
      () => request("/api/ingest/github", body, { "x-github-event": "package", "x-github-delivery": `bench-${delivery++}`, "x-hub-signature-256": signature }),
      async (req) => {
        const res = await handler(req, ctx);
        if (res.status !== 202) throw new Error(`bench request answered ${res.status}`);
        logs.length = 0;
      },
      // The in-memory fakes record every call and delivery id; the real ports (Azure Tables, the
      // Durable client) keep nothing in this process, so their records are dropped between
      // batches rather than left to grow the heap the handler's collections walk. Every delivery
      // id is new, so forgetting them changes no answer.
      () => {
        w.starter.calls.length = 0;
        w.store.deliveries.seen.clear();
      },
    );
    const raw = await rate(
      () => body,
      (payload) => {
        const mac = Buffer.from(`sha256=${createHmac("sha256", SECRETS.GITHUB_WEBHOOK_SECRET).update(payload).digest("hex")}`);
        if (!timingSafeEqual(mac, Buffer.from(signature))) throw new Error("bench signature mismatch");
        JSON.parse(payload);
      },
    );
    return { value: handled, baseline: raw };
  });
  report({
    name: `verified GitHub webhooks through the HTTP handler (${body.length} B package event)`,
    value: result.value,
    unit: "req/CPU-s",
    baseline: { name: "HMAC-SHA256 + JSON.parse of the same payload", value: result.baseline, unit: "ops/CPU-s" },
    target: { kind: "ratio-at-least", value: 0.5 },
    note: "median ratio of 3 runs",
  });
}
