import { answer, type HttpDoor } from "../http/answer.js";
import { parseJsonBody } from "../http/parseJson.js";
import { readRawBody } from "../http/rawBody.js";
import { Rejection } from "../http/rejection.js";
import { requireContentType, requireHeader, requireMethod } from "../http/requestChecks.js";
import { acceptedAnswer, acknowledged } from "../http/responses.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake } from "../intake/intake.js";
import { parseGitHubEvent } from "../parse/githubEvent.js";
import { SECRET } from "../secretNames.js";
import { GitHubSignatureVerifier } from "../verify/githubSignature.js";
import { verifyWithRotation } from "../verify/rotation.js";
import type { DoorDeps } from "./doorDeps.js";

/**
 * GitHub webhooks, all events on one endpoint. GitHub aborts after 10 s and never retries on its
 * own, so this only verifies, parses, and starts or signals; the work happens in orchestrations.
 */
export function createGitHubWebhookHandler(deps: DoorDeps & { verifier?: GitHubSignatureVerifier }): HttpDoor {
  const verifier = deps.verifier ?? new GitHubSignatureVerifier();
  const intake = createIntake(deps);
  const now = deps.now ?? (() => new Date());
  return answer(async (request, context) => {
    requireMethod(request, ["POST"]);
    requireContentType(request, ["application/json"]);
    const name = requireHeader(request, "x-github-event");
    const deliveryId = requireHeader(request, "x-github-delivery");
    const signature = request.headers.get("x-hub-signature-256");
    if (!signature) throw new Rejection(401, "missing X-Hub-Signature-256 header: configure a secret on the webhook");
    const body = await readRawBody(request, deps.maxBodyBytes);
    const valid = await verifyWithRotation(deps.secrets, SECRET.github, (secrets) => verifier.verify(body.bytes, signature, secrets));
    if (!valid) throw new Rejection(401, "X-Hub-Signature-256 does not match the body: check the webhook secret");

    const event = parseGitHubEvent(name, parseJsonBody(body), { id: deliveryId, receivedAt: now().toISOString() });
    const subject = `github ${name} ${deliveryId}`;
    if (event.kind === "ping") return acknowledged("pong");
    if (event.kind === "ignored") {
      context.log(`${subject}: ignored: ${event.reason}`);
      return acknowledged("ignored", { reason: event.reason });
    }
    const accepted = await intake.accept(event, { source: "github", id: deliveryId });
    context.log(describeAccepted(accepted, subject));
    return acceptedAnswer([accepted]);
  });
}
