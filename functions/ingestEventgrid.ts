import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createEventGridHttpHandler } from "../shared/ingest/handlers/eventGridHttp.js";

// Event Grid deliveries to a plain webhook (Event Grid schema or CloudEvents, both handshakes).
app.http("ingestEventGrid", {
  route: "ingest/eventgrid",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by an Entra bearer token or the Event Grid key
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) =>
    createEventGridHttpHandler({ ...root.doorDeps(durableClientOf(context)), ...(root.entra ? { entra: root.entra } : {}) }),
  ),
});
