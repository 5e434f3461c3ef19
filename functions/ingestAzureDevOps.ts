import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { ingestRoot } from "../shared/ingest/composition/ingestRoot.js";
import { pipelinesPushed } from "../shared/ingest/composition/pipelineWatch.js";
import { createAzureDevOpsHandler } from "../shared/ingest/handlers/azureDevOps.js";

// Azure DevOps service hooks (Web Hooks): pull requests completed or abandoned, pipeline runs
// completed, and pushes to the branch holding the pipelines file (read again at once).
app.http("ingestAzureDevOps", {
  route: "ingest/azuredevops",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by the subscription's basic credentials or X-Baton-Token header
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(ingestRoot(), (root, context) => createAzureDevOpsHandler({ ...root.doorDeps(durableClientOf(context)), pushed: (push) => pipelinesPushed(push) })),
});
