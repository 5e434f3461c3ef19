import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";

// The root and the routes load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ops/composition/opsRoot.js")).opsRoot()());
const routes = lazy(() => import("../shared/ops/api/routes.js"));

// Read-only views for the dashboard and the baton CLI. Anonymous at the host: callers
// authenticate with App Service Authentication or a named ops key, like every ops call.
app.http("opsPipelines", {
  route: "pipelines",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).pipelinesRoute(deps, caller, request)),
});

app.http("opsDora", {
  route: "dora",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).doraRoute(deps, caller, request)),
});

app.http("opsMe", {
  route: "me",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).meRoute(deps, caller, request)),
});
