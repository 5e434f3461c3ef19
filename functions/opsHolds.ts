import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";

// The root and the routes load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ops/composition/opsRoot.js")).opsRoot()());
const routes = lazy(() => import("../shared/ops/api/routes.js"));

// Stop-the-line holds: GET /api/holds, and GET/PUT/DELETE /api/holds/{global|<pipeline>}.
app.http("opsHolds", {
  route: "holds/{scope?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // callers authenticate with App Service Authentication or a named ops key
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).holdsRoute(deps, caller, request)),
});
