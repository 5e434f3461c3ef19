import type { HttpRequest } from "@azure/functions";
import type { SecretSource } from "../../config/secrets.js";
import { DoorNotConfigured, Rejection } from "../http/rejection.js";
import { SECRET } from "../secretNames.js";
import type { BearerTokenVerifier } from "../verify/bearerToken.js";
import { secretsEqual } from "../verify/constantTime.js";
import { verifyWithRotation } from "../verify/rotation.js";

/**
 * Event Grid cannot sign deliveries (protocols.md 1.4): it proves itself with an Entra bearer
 * token (from Event Grid's own application), or with a key we gave it. Prefer the key as a secret
 * delivery-attribute header `X-Baton-Key`; `?key=` in the endpoint URL stays because it is one of
 * the delivery authentications Event Grid documents (and the only one some tools set up), but
 * nothing Baton logs carries the URL's query, and the header wins when both are sent.
 */
export async function authenticateEventGrid(request: HttpRequest, secrets: SecretSource, entra: BearerTokenVerifier | undefined): Promise<void> {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
  if (bearer && entra) {
    if (await entra.verify(bearer)) return;
    throw new Rejection(401, "bearer token is not valid for this endpoint");
  }
  const key = request.headers.get("x-baton-key") ?? request.query.get("key");
  if (!key) {
    if (!entra && !(await secrets.get(SECRET.eventGrid.current))) throw new DoorNotConfigured(SECRET.eventGrid.current);
    throw new Rejection(401, entra ? "missing bearer token or X-Baton-Key header" : "missing X-Baton-Key header or key query parameter");
  }
  const valid = await verifyWithRotation(secrets, SECRET.eventGrid, (keys) => keys.map((k) => secretsEqual(key, k)).includes(true));
  if (!valid) throw new Rejection(401, "the Event Grid key is not valid");
}
