import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { promotionActionRoute, promotionRoute, promotionsRoute } from "../shared/ops/api/routes.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";
import { opsRoot } from "../shared/ops/composition/opsRoot.js";

const root = opsRoot();

// Ops API on promotions: list and start by hand; one promotion's status and timeline; its verbs.
// Anonymous at the host: callers authenticate with App Service Authentication or a named ops key.
app.http("opsPromotions", {
  route: "promotions",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, promotionsRoute),
});

app.http("opsPromotion", {
  route: "promotions/{id}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, promotionRoute),
});

app.http("opsPromotionAction", {
  route: "promotions/{id}/{action}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, promotionActionRoute),
});
