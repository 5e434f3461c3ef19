import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { createGitHubWebhookHandler } from "../shared/ingest/handlers/github.js";

// GitHub webhooks (package, registry_package, workflow_run, pull_request, ping) on one endpoint.
app.http("ingestGitHub", {
  route: "ingest/github",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by X-Hub-Signature-256, not by a Functions key
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) =>
    createGitHubWebhookHandler({ ...root.doorDeps(durableClientOf(context)), verifier: root.githubVerifier }),
  ),
});
