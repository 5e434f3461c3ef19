import type { HttpResponseInit } from "@azure/functions";
import { answer, type HttpDoor } from "../http/answer.js";
import { parseJsonBody } from "../http/parseJson.js";
import { readRawBody } from "../http/rawBody.js";
import { requireContentType, requireMethod } from "../http/requestChecks.js";
import { acceptedAnswer, acknowledged } from "../http/responses.js";
import { describeAccepted } from "../intake/describe.js";
import { createIntake } from "../intake/intake.js";
import { GIT_PUSH, parseGitPush, parseServiceHook, serviceHookEnvelope, type GitPush } from "../parse/azureDevOpsHook.js";
import { SECRET } from "../secretNames.js";
import { secretsEqual } from "../verify/constantTime.js";
import { verifyWithRotation } from "../verify/rotation.js";
import { presentedServiceHookSecrets, unauthorized } from "../verify/serviceHookCredentials.js";
import type { DoorDeps } from "./doorDeps.js";

/**
 * Azure DevOps service hooks (Web Hooks consumer): pull requests completed or abandoned, and
 * pipeline runs completed. The subscription's basic credentials or X-Baton-Token header are
 * checked in constant time before the body is read. Every accepted delivery is answered 202,
 * also one Baton ignores or has seen: Azure DevOps counts any non-2xx as a failure and disables a
 * subscription that keeps failing. A `git.push` to the branch holding the pipelines file makes the
 * next promotion read that file again (`pushed`, which answers whether the push concerned it).
 */
export function createAzureDevOpsHandler(deps: DoorDeps & { pushed?: (push: GitPush) => boolean }): HttpDoor {
  const intake = createIntake(deps);
  return answer(async (request, context) => {
    requireMethod(request, ["POST"]);
    // Web Hooks send `application/json; charset=utf-8`.
    requireContentType(request, ["application/json"]);
    const presented = presentedServiceHookSecrets(request);
    const valid = await verifyWithRotation(deps.secrets, SECRET.azureDevOps, (secrets) => presented.every((p) => secrets.some((expected) => secretsEqual(p, expected))));
    if (!valid) throw unauthorized("the credentials do not match AZUREDEVOPS_WEBHOOK_TOKEN");

    const notification = serviceHookEnvelope(parseJsonBody(await readRawBody(request, deps.maxBodyBytes)));
    if (notification.eventType === GIT_PUSH) {
      const push = parseGitPush(notification.resource);
      const refreshed = deps.pushed?.(push) ?? false;
      const reason = refreshed ? "the pipelines file will be read again" : "the push does not touch the pipelines file's branch";
      context.log(`azure devops ${GIT_PUSH} ${notification.id} ${push.repository}: ${reason}`);
      return accepted(acknowledged(refreshed ? "pipelines-refresh" : "ignored", { reason }));
    }
    const event = parseServiceHook(notification);
    if (event.kind === "ignored") {
      context.log(`azure devops ${notification.eventType} ${notification.id} ignored: ${event.reason}`);
      return accepted(acknowledged("ignored", { reason: event.reason }));
    }
    const result = await intake.accept(event, { source: "azuredevops", id: notification.id });
    const subject =
      event.kind === "pull_request.closed"
        ? `azure devops ${notification.eventType} ${event.repository} #${event.number} ${event.merged ? "completed" : "abandoned"}`
        : `azure devops run ${event.organization}#${event.runId} ${event.result ?? "without a result"}`;
    context.log(describeAccepted(result, subject));
    return accepted(acceptedAnswer([result]));
  });
}

/** 202 whatever the outcome, the body says which (routed, duplicate, ignored). */
function accepted(response: HttpResponseInit): HttpResponseInit {
  return { ...response, status: 202 };
}
