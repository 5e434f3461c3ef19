import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createAcrWebhookHandler } from "../shared/ingest/handlers/acrWebhook.js";

// ACR native webhooks (push, ping), authenticated by a shared secret header.
app.http("ingestAcr", {
  route: "ingest/acr",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by the Authorization secret
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) => createAcrWebhookHandler(root.doorDeps(durableClientOf(context)))),
});
