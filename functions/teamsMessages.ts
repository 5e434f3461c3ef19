import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { lazy } from "../shared/ingest/composition/lazy.js";
import { messagesDoor } from "../shared/teams/http/messagesDoor.js";

// The root (bot clients, ops store, then the Agents SDK) loads on the first request, not at cold
// start (issue 13); a failed load answers 503 like a failed build.
const root = lazy(async () => (await import("../shared/teams/composition/teamsRoot.js")).teamsRoot()());

// The Teams bot's messaging endpoint (Azure Bot resource: https://<app>/api/messages). Anonymous
// at the host: every request carries a Bot Framework token, validated before anything else.
app.http("teamsMessages", {
  route: "messages",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: messagesDoor(root),
});
