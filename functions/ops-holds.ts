import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/http-door.js";
import { holdsRoute } from "../shared/ops/api/routes.js";
import { opsDoor } from "../shared/ops/composition/ops-door.js";
import { opsRoot } from "../shared/ops/composition/ops-root.js";

// Stop-the-line holds: GET /api/holds, and GET/PUT/DELETE /api/holds/{global|<pipeline>}.
app.http("opsHolds", {
  route: "holds/{scope?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // callers authenticate with App Service Authentication or a named ops key
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(opsRoot(), holdsRoute),
});
