import { app } from "@azure/functions";
import * as df from "durable-functions";
import { ALL_METHODS } from "../shared/ingest/composition/httpDoor.js";
import { teamsRoot } from "../shared/teams/composition/teamsRoot.js";
import { messagesDoor } from "../shared/teams/http/messagesDoor.js";

// The Teams bot's messaging endpoint (Azure Bot resource: https://<app>/api/messages). Anonymous
// at the host: every request carries a Bot Framework token, validated before anything else.
app.http("teamsMessages", {
  route: "messages",
  methods: [...ALL_METHODS],
  authLevel: "anonymous",
  extraInputs: [df.input.durableClient()],
  handler: messagesDoor(teamsRoot()),
});
