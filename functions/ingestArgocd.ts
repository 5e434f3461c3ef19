import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createArgocdHandler } from "../shared/ingest/handlers/argocd.js";

// Argo CD notifications (webhook service) about Applications; the optional segment names the cluster.
app.http("ingestArgocd", {
  route: "ingest/argocd/{cluster?}",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by the Authorization bearer token
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) => createArgocdHandler(root.doorDeps(durableClientOf(context)))),
});
