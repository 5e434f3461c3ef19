import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";
import { opsDoor } from "../shared/ops/composition/opsDoor.js";

// The root and the routes load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ops/composition/opsRoot.js")).opsRoot()());
const routes = lazy(() => import("../shared/ops/api/routes.js"));

// Ops API on promotions: list and start by hand; one promotion's status and timeline; its verbs.
// Anonymous at the host: callers authenticate with App Service Authentication or a named ops key.
app.http("opsPromotions", {
  route: "promotions",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).promotionsRoute(deps, caller, request)),
});

app.http("opsPromotion", {
  route: "promotions/{id}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).promotionRoute(deps, caller, request)),
});

app.http("opsPromotionAction", {
  route: "promotions/{id}/{action}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: opsDoor(root, async (deps, caller, request) => (await routes()).promotionActionRoute(deps, caller, request)),
});
