import { app, type HttpResponseInit } from "@azure/functions";
import { pipelinesHealth } from "../shared/ingest/composition/pipelinesHealth.js";

// Liveness for load balancers and for `npm start` smoke checks: answers without touching storage
// and without reading anything (the pipelines state is what this process already knows). Always
// 200 while Baton runs: `degraded` says what is wrong and that Baton runs on regardless.
app.http("health", {
  route: "health",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: (): HttpResponseInit => {
    const pipelines = pipelinesHealth(process.env);
    return { status: 200, jsonBody: { status: pipelines.reasons.length > 0 ? "degraded" : "ok", service: "baton", ...(pipelines.reasons.length > 0 ? { reasons: pipelines.reasons } : {}), pipelines: pipelines.state } };
  },
});
