import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { answer, type HttpDoor } from "../http/answer.js";
import { parseJsonBody } from "../http/parseJson.js";
import { readRawBody } from "../http/rawBody.js";
import { Rejection } from "../http/rejection.js";
import { requireContentType, requireMethod } from "../http/requestChecks.js";
import { acceptedAnswer, acknowledged } from "../http/responses.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake, type Accepted } from "../intake/intake.js";
import { imageFromEventGridEvent } from "../parse/acrEventGrid.js";
import { parseEventGridDelivery } from "../parse/eventGrid.js";
import type { BearerTokenVerifier } from "../verify/bearerToken.js";
import type { DoorDeps } from "./doorDeps.js";
import { authenticateEventGrid } from "./eventGridAuth.js";

const contentTypes = ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"];

/**
 * Event Grid deliveries to a plain webhook, in the Event Grid schema or CloudEvents 1.0, with
 * both handshakes. Event Grid only counts 200-204 as success and never retries 400/401/413.
 */
export function createEventGridHttpHandler(deps: DoorDeps & { entra?: BearerTokenVerifier }): HttpDoor {
  const intake = createIntake(deps);
  return answer(async (request, context) => {
    requireMethod(request, ["POST", "OPTIONS"]);
    if (request.method.toUpperCase() === "OPTIONS") return abuseProtectionHandshake(request);
    requireContentType(request, contentTypes);
    await authenticateEventGrid(request, deps.secrets, deps.entra);
    const body = await readRawBody(request, deps.maxBodyBytes);
    const items = await parseEventGridDelivery(parseJsonBody(body));

    const validation = items.find((i) => i.kind === "validation");
    if (validation) {
      // Synchronous handshake: must be a 200 (a 202 is not accepted) echoing the code.
      context.log(`event grid subscription validation ${validation.id}`);
      return { status: 200, jsonBody: { validationResponse: validation.validationCode } };
    }
    const results: Accepted[] = [];
    const ignored: string[] = [];
    // One at a time: a batch is at most a few events, and a failure part-way must leave the
    // rest for the retry rather than half-run work in flight.
    for (const item of items) {
      if (item.kind !== "event") continue;
      const image = imageFromEventGridEvent(item);
      if (image.kind === "ignored") {
        context.log(`event grid ${item.id} ignored: ${image.reason}`);
        ignored.push(image.reason);
        continue;
      }
      const accepted = await intake.accept(image, { source: "acr-eventgrid", id: item.id });
      context.log(describeAccepted(accepted, `event grid ${item.id} ${image.repository}:${image.tag}`));
      results.push(accepted);
    }
    if (results.length > 0) return acceptedAnswer(results);
    // Say why, like every other door: the subscription's delivery log is where a person looks.
    return acknowledged("ignored", { reason: ignored.length > 0 ? [...new Set(ignored)].join("; ") : "the delivery holds no events" });
  });
}

/** CloudEvents webhook abuse protection (cloudevents http-webhook §4): consent to the origin. */
function abuseProtectionHandshake(request: HttpRequest): HttpResponseInit {
  const origin = request.headers.get("webhook-request-origin")?.trim();
  if (!origin) throw new Rejection(400, "OPTIONS is only for the CloudEvents handshake: missing WebHook-Request-Origin header");
  return {
    status: 200,
    headers: {
      "WebHook-Allowed-Origin": origin,
      "WebHook-Allowed-Rate": request.headers.get("webhook-request-rate")?.trim() || "*",
      Allow: "POST, OPTIONS",
    },
  };
}
