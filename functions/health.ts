import { app, type HttpResponseInit } from "@azure/functions";

// Liveness for load balancers and for `npm start` smoke checks: answers without touching storage.
app.http("health", {
  route: "health",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: (): HttpResponseInit => ({ status: 200, jsonBody: { status: "ok", service: "baton" } }),
});
