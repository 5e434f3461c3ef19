import { app, type HttpResponseInit } from "@azure/functions";
import { lazy } from "../shared/ingest/composition/lazy.js";

// The pipelines state's module loads on the first check, not at cold start (issue 13). It is the
// same module the watch and the doors use, so the state it reports is theirs.
const pipelines = lazy(() => import("../shared/ingest/composition/pipelinesHealth.js"));

// Liveness for load balancers and for `npm start` smoke checks: answers without touching storage
// and without reading anything (the pipelines state is what this process already knows). Always
// 200 while Baton runs: `degraded` says what is wrong and that Baton runs on regardless.
app.http("health", {
  route: "health",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: async (): Promise<HttpResponseInit> => {
    const health = (await pipelines()).pipelinesHealth(process.env);
    return { status: 200, jsonBody: { status: health.reasons.length > 0 ? "degraded" : "ok", service: "baton", ...(health.reasons.length > 0 ? { reasons: health.reasons } : {}), pipelines: health.state } };
  },
});
