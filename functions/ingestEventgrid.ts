import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root and the handler load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/eventGridHttp.js"));

// Event Grid deliveries to a plain webhook (Event Grid schema or CloudEvents, both handshakes).
app.http("ingestEventGrid", {
  route: "ingest/eventgrid",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by an Entra bearer token or the Event Grid key
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(root, async (r, context) =>
    (await handlers()).createEventGridHttpHandler({ ...r.doorDeps(durableClientOf(context)), ...(r.entra ? { entra: r.entra } : {}) }),
  ),
});
