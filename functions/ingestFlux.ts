import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createFluxEventHandler } from "../shared/ingest/handlers/flux.js";

// Flux notification-controller events (generic-hmac provider); the optional segment names the cluster.
app.http("ingestFlux", {
  route: "ingest/flux/{cluster?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by X-Signature
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) => createFluxEventHandler(root.doorDeps(durableClientOf(context)))),
});
