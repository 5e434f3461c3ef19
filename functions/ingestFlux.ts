import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root and the handler load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/flux.js"));

// Flux notification-controller events (generic-hmac provider); the optional segment names the cluster.
app.http("ingestFlux", {
  route: "ingest/flux/{cluster?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by X-Signature
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(root, async (r, context) => (await handlers()).createFluxEventHandler(r.doorDeps(durableClientOf(context)))),
});
