import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { doraRoute, meRoute, pipelinesRoute } from "../shared/ops/api/routes.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";
import { opsRoot } from "../shared/ops/composition/opsRoot.js";

const root = opsRoot();

// Read-only views for the dashboard and the baton CLI. Anonymous at the host: callers
// authenticate with App Service Authentication or a named ops key, like every ops call.
app.http("opsPipelines", {
  route: "pipelines",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, pipelinesRoute),
});

app.http("opsDora", {
  route: "dora",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, doraRoute),
});

app.http("opsMe", {
  route: "me",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, meRoute),
});
