import { z } from "zod";
import { answer, type HttpDoor } from "../http/answer.js";
import { parseJsonBody } from "../http/parseJson.js";
import { readRawBody } from "../http/rawBody.js";
import { Rejection } from "../http/rejection.js";
import { requireContentType, requireMethod } from "../http/requestChecks.js";
import { acceptedAnswer, acknowledged } from "../http/responses.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake } from "../intake/intake.js";
import { imageFromAcrEvent } from "../parse/acrPush.js";
import { parseWith } from "../parse/schema.js";
import { SECRET } from "../secretNames.js";
import { secretsEqual } from "../verify/constantTime.js";
import { verifyWithRotation } from "../verify/rotation.js";
import type { DoorDeps } from "./doorDeps.js";

const envelope = z.object({ id: z.string().min(1), action: z.string().min(1) });

/**
 * ACR native webhooks (`az acr webhook create --headers "Authorization=Bearer <secret>"`). ACR
 * cannot sign, so a shared secret in a custom header, compared in constant time, is the proof.
 */
export function createAcrWebhookHandler(deps: DoorDeps): HttpDoor {
  const intake = createIntake(deps);
  return answer(async (request, context) => {
    requireMethod(request, ["POST"]);
    requireContentType(request, ["application/json"]);
    const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
    if (!presented) throw new Rejection(401, "missing Authorization: Bearer <secret> header: add it with --headers on the ACR webhook");
    const valid = await verifyWithRotation(deps.secrets, SECRET.acr, (secrets) =>
      // Compare with every configured secret, never stopping early on a match.
      secrets.map((s) => secretsEqual(presented, s)).includes(true),
    );
    if (!valid) throw new Rejection(401, "the Authorization secret is not valid");
    const body = await readRawBody(request, deps.maxBodyBytes);

    const payload = parseJsonBody(body);
    const { id, action } = parseWith(envelope, payload, "ACR webhook event");
    if (action === "ping") return acknowledged("pong");
    const event = imageFromAcrEvent(payload, { source: "acr-webhook", deliveryId: id });
    if (event.kind === "ignored") {
      context.log(`acr webhook ${id} ignored: ${event.reason}`);
      return acknowledged("ignored", { reason: event.reason });
    }
    const accepted = await intake.accept(event, { source: "acr-webhook", id });
    context.log(describeAccepted(accepted, `acr webhook ${event.repository}:${event.tag}`));
    return acceptedAnswer([accepted]);
  });
}
