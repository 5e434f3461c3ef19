import { answer, type HttpDoor } from "../http/answer.js";
import { clusterParam } from "../http/clusterParam.js";
import { parseJsonBody } from "../http/parseJson.js";
import { readRawBody } from "../http/rawBody.js";
import { Rejection } from "../http/rejection.js";
import { requireContentType, requireMethod } from "../http/requestChecks.js";
import { acceptedAnswer, acknowledged } from "../http/responses.js";
import { bodyDeliveryId } from "../intake/bodyDeliveryId.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake } from "../intake/intake.js";
import { parseFluxEvent } from "../parse/fluxEvent.js";
import { SECRET } from "../secretNames.js";
import { checkHmacSignature } from "../verify/hmacSignature.js";
import { verifyWithRotation } from "../verify/rotation.js";
import type { DoorDeps } from "./doorDeps.js";

/**
 * Flux notification-controller events from a `generic-hmac` provider. Flux gives up after 15 s
 * and keeps nothing, so answer fast. Events carry no id: a retry resends the same bytes, so the
 * hash of the cluster and the body is the delivery id.
 */
export function createFluxEventHandler(deps: DoorDeps): HttpDoor {
  const intake = createIntake(deps);
  return answer(async (request, context) => {
    requireMethod(request, ["POST"]);
    requireContentType(request, ["application/json"]);
    const cluster = clusterParam(request);
    const signature = request.headers.get("x-signature");
    if (!signature) throw new Rejection(401, "missing X-Signature header: use a generic-hmac provider");
    const body = await readRawBody(request, deps.maxBodyBytes);
    const valid = await verifyWithRotation(deps.secrets, SECRET.flux, (keys) =>
      keys.some((key) => checkHmacSignature(signature, body.bytes, key) === "valid"),
    );
    if (!valid) throw new Rejection(401, "X-Signature does not match the body: check the provider's token");

    const event = parseFluxEvent(parseJsonBody(body), cluster);
    if (event.kind === "ignored") {
      context.log(`flux event ignored: ${event.reason}`);
      return acknowledged("ignored", { reason: event.reason });
    }
    const id = bodyDeliveryId(event.cluster, body.bytes);
    const accepted = await intake.accept(event, { source: "flux", id });
    context.log(describeAccepted(accepted, `flux ${event.cluster}/${event.objectKind}/${event.namespace}/${event.name} ${event.reason}`));
    return acceptedAnswer([accepted]);
  });
}
