import { app, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The watch, the root and the replay load on the first tick, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const watch = lazy(() => import("../shared/ingest/composition/pipelineWatch.js"));
const replay = lazy(() => import("../shared/ingest/kept/replayKept.js"));

// Reads the pipelines file at start and re-checks it every 30 s (a repository: a ref lookup, the
// file only when the branch moved; backing off while the source cannot be read), so a broken file
// shows in the console and /api/health without any request; then promotes images kept while it
// was invalid.
app.timer("pipelinesWatch", {
  schedule: "*/30 * * * * *",
  runOnStartup: true,
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: unknown, context: InvocationContext) => {
    const snapshot = await (await watch()).pipelineWatch().tick();
    if (!snapshot.good || snapshot.problem?.kind === "invalid") return;
    const [{ kept, pipelines, doorDeps }, { replayKeptImages }] = await Promise.all([root(), replay()]);
    const deps = doorDeps(df.getClient(context));
    const replayed = await replayKeptImages({ kept, pipelines, starter: deps.starter, ...(deps.bundles ? { bundles: deps.bundles } : {}), ...(deps.registry ? { registry: deps.registry } : {}), log: (m) => context.log(m) });
    if (replayed > 0) context.log(`promoted ${replayed} image(s) kept while the pipelines configuration was invalid`);
  },
});
