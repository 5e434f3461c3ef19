import { app, type InvocationContext } from "@azure/functions";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root loads on the first run, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());

// Deletes delivery-log rows past BATON_DELIVERY_RETENTION_HOURS. Expired rows are already ignored
// by the dedupe check; this only keeps the table small. Hourly, off the top of the hour.
app.timer("purgeDeliveries", {
  schedule: "0 17 * * * *",
  handler: async (_timer: unknown, context: InvocationContext) => {
    const purged = await (await root()).store.deliveries.purgeExpired();
    context.log(`purged ${purged} expired delivery record(s)`);
  },
});
