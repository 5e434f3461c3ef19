import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS, durableClientOf, httpDoor } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The root and the handler load on the first request, not at cold start (issue 13).
const root = lazy(async () => (await import("../shared/ingest/composition/ingestRoot.js")).ingestRoot()());
const handlers = lazy(() => import("../shared/ingest/handlers/azureDevOps.js"));
const watch = lazy(() => import("../shared/ingest/composition/pipelineWatch.js"));

// Azure DevOps service hooks (Web Hooks): pull requests completed or abandoned, pipeline runs
// completed, and pushes to the branch holding the pipelines file (read again at once).
app.http("ingestAzureDevOps", {
  route: "ingest/azuredevops",
  methods: [...ALL_METHODS],
  authLevel: "anonymous", // authenticated by the subscription's basic credentials or X-Baton-Token header
  extraInputs: [df.input.durableClient()],
  handler: httpDoor(root, async (r, context) => {
    const [{ createAzureDevOpsHandler }, { pipelinesPushed }] = await Promise.all([handlers(), watch()]);
    return createAzureDevOpsHandler({ ...r.doorDeps(durableClientOf(context)), pushed: (push) => pipelinesPushed(push) });
  }),
});
