import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root and the handler load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/argocd.js"));

// Argo CD notifications (webhook service) about Applications; the optional segment names the cluster.
app.http("ingestArgocd", {
  route: "ingest/argocd/{cluster?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by the Authorization bearer token
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(root, async (r, context) => (await handlers()).createArgocdHandler(r.doorDeps(durableClientOf(context)))),
});
