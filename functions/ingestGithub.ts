import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root and the handler load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/github.js"));

// GitHub webhooks (package, registry_package, workflow_run, pull_request, ping) on one endpoint.
app.http("ingestGitHub", {
  route: "ingest/github",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by X-Hub-Signature-256, not by a Functions key
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(root, async (r, context) =>
    (await handlers()).createGitHubWebhookHandler({ ...r.doorDeps(durableClientOf(context)), verifier: r.githubVerifier }),
  ),
});
