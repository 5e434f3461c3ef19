import { app, type EventGridEvent, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { lazy } from "../shared/ingest/composition/lazy.js";
import { traceTriggerDoor } from "../shared/telemetry/doors.js";

// The root and the handler load on the first event, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/eventGridTrigger.js"));

// ACR ImagePushed through the Event Grid trigger: the host serves the webhook and handshakes.
// Errors propagate on purpose: the host then fails the delivery and Event Grid retries it.
app.eventGrid("acrImagePushed", {
  extraInputs: [df.input.durableClient()],
  handler: traceTriggerDoor("eventgrid", async (event: EventGridEvent, context: InvocationContext) => {
    const [{ createEventGridTriggerHandler }, r] = await Promise.all([handlers(), root()]);
    await createEventGridTriggerHandler(r.doorDeps(df.getClient(context)))(event, context);
  }),
});
