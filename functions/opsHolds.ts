import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { holdsRoute } from "../shared/ops/api/routes.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";
import { opsRoot } from "../shared/ops/composition/opsRoot.js";

// Stop-the-line holds: GET /api/holds, and GET/PUT/DELETE /api/holds/{global|<pipeline>}.
app.http("opsHolds", {
  route: "holds/{scope?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // callers authenticate with App Service Authentication or a named ops key
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(opsRoot(), holdsRoute),
});
