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
import { parseArgocdNotification } from "../parse/argocdNotification.js";
import { SECRET } from "../secretNames.js";
import { secretsEqual } from "../verify/constantTime.js";
import { verifyWithRotation } from "../verify/rotation.js";
import type { DoorDeps } from "./doorDeps.js";

/**
 * Argo CD notifications (the webhook service of argocd-notifications) about Applications. The
 * service cannot sign a body, so the webhook's `Authorization: Bearer <token>` header, set from
 * argocd-notifications-secret, is checked in constant time before the body is read.
 */
export function createArgocdHandler(deps: DoorDeps): HttpDoor {
  const intake = createIntake(deps);
  return answer(async (request, context) => {
    requireMethod(request, ["POST"]);
    requireContentType(request, ["application/json"]);
    const cluster = clusterParam(request);
    const token = /^Bearer ([^\s]+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (!token) throw new Rejection(401, "missing Authorization: Bearer header: add it to the Argo CD webhook service");
    const valid = await verifyWithRotation(deps.secrets, SECRET.argocd, (tokens) => tokens.some((expected) => secretsEqual(token, expected)));
    if (!valid) throw new Rejection(401, "the bearer token does not match ARGOCD_WEBHOOK_TOKEN");

    const body = await readRawBody(request, deps.maxBodyBytes);
    const event = parseArgocdNotification(parseJsonBody(body), cluster, (deps.now ?? (() => new Date()))());
    if (event.kind === "ignored") {
      context.log(`argocd notification ignored: ${event.reason}`);
      return acknowledged("ignored", { reason: event.reason });
    }
    // Notifications carry no id; a resent notification has the same bytes (and the same cluster).
    const id = bodyDeliveryId(event.cluster, body.bytes);
    const accepted = await intake.accept(event, { source: "argocd", id });
    context.log(describeAccepted(accepted, `argocd ${event.cluster}/Application/${event.namespace}/${event.name} ${event.reason}`));
    return acceptedAnswer([accepted]);
  });
}
