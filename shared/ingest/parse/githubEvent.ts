import type { ImagePublished, PullRequestClosed, WorkflowFinished } from "../model.js";
import { imageFromPackageEvent } from "./githubPackage.js";
import { pullRequestClosedFrom, workflowFinishedFrom } from "./githubSignals.js";
import { Fields } from "./fields.js";
import { ignored, type Ignored } from "./schema.js";

export type GitHubEvent = { kind: "ping" } | ImagePublished | WorkflowFinished | PullRequestClosed | Ignored;

// Each used event's field reader, whose refusals say `invalid <name> event: ...`.
const readers = new Map<string, Fields>();
const fieldsOf = (name: string): Fields => readers.get(name) ?? readers.set(name, new Fields(`${name} event`)).get(name)!;

function senderOf(body: Record<string, unknown>): { sender?: string } {
  const sender = body.sender;
  const login = typeof sender === "object" && sender !== null ? (sender as { login?: unknown }).login : undefined;
  return typeof login === "string" && login.length > 0 ? { sender: login } : {};
}

/** One parser for every GitHub event Baton listens to; `name` is the X-GitHub-Event header. */
export function parseGitHubEvent(name: string, payload: unknown, delivery: { id: string; receivedAt: string }): GitHubEvent {
  if (name === "ping") return { kind: "ping" };
  // baton-setup subscribes exactly this list (test/setup/setup.test.ts reads it from here).
  if (!["package", "registry_package", "workflow_run", "pull_request"].includes(name)) return ignored(`event ${name} is not used by Baton`);
  const fields = fieldsOf(name);
  // Only `action` here: each event's own parser checks the fields it reads.
  const body = fields.object(payload, "");
  const action = fields.string(body["action"], "action");
  switch (name) {
    case "package":
    case "registry_package":
      if (action !== "published") return ignored(`${name} action ${action} is not a publication`);
      return imageFromPackageEvent(body[name], { deliveryId: delivery.id, receivedAt: delivery.receivedAt, ...senderOf(body) });
    case "workflow_run":
      if (action !== "completed") return ignored(`workflow_run action ${action} is not a completion`);
      return workflowFinishedFrom(payload, delivery.id);
    default:
      if (action !== "closed") return ignored(`pull_request action ${action} is not a close`);
      return pullRequestClosedFrom(payload, delivery.id);
  }
}
