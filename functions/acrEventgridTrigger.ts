import { app, type EventGridEvent, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createEventGridTriggerHandler } from "../shared/ingest/handlers/eventGridTrigger.js";
import { traceTriggerDoor } from "../shared/telemetry/doors.js";

const root = ingestRoot();

// ACR ImagePushed through the Event Grid trigger: the host serves the webhook and handshakes.
// Errors propagate on purpose: the host then fails the delivery and Event Grid retries it.
app.eventGrid("acrImagePushed", {
  extraInputs: [df.input.durableClient()],
  handler: traceTriggerDoor("eventgrid", async (event: EventGridEvent, context: InvocationContext) => {
    await createEventGridTriggerHandler((await root()).doorDeps(df.getClient(context)))(event, context);
  }),
});
