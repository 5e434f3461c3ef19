/**
 * The `notifyTeams` activity: posts a notification card to a Teams Workflows webhook. Best effort:
 * a notification must never fail a promotion, so every failure comes back as `ok: false` with a
 * detail that names the secret, never the URL inside it.
 */
import type { SecretSource } from "../../config/secrets.js";
import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { buildNotificationCard, workflowMessage } from "./notificationCard.js";
import { parseWebhookUrl, redactWebhook } from "./webhookUrl.js";

export interface NotifyTeamsDeps {
  secrets: SecretSource;
  fetch: typeof fetch;
  /** How long to wait for the flow to accept the message; 10 s unless a test wants it shorter. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const BODY_EXCERPT = 200;

/** Why a status failed, with the fix where we know it (protocols.md 5.3). */
function statusHint(status: number, secretName: string): string {
  if (status === 413) return ": the message is over Teams' ~28 KB limit";
  if (status === 401 || status === 403) return `: the signature was refused; the flow's URL may have been regenerated, update secret ${secretName}`;
  if (status === 404) return `: the flow is gone or turned off; recreate it and update secret ${secretName}`;
  return "";
}

function failure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `request failed: ${error instanceof Error ? error.message : String(error)}${cause}`;
}

export const notifyTeams =
  (deps: NotifyTeamsDeps) =>
  async (input: ActivityInput<"notifyTeams">): Promise<ActivityOutput<"notifyTeams">> => {
    const name = input.webhookSecret;
    let value: string | undefined;
    try {
      value = await deps.secrets.get(name);
    } catch (error) {
      return { ok: false, detail: `could not read secret ${name}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!value) return { ok: false, detail: `secret ${name} is not configured` };
    const url = parseWebhookUrl(value);
    if (typeof url === "string") return { ok: false, detail: `secret ${name} ${url}` };

    const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const body = JSON.stringify(workflowMessage(buildNotificationCard(input)));
    try {
      const res = await deps.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      const text = (await res.text()).slice(0, BODY_EXCERPT).trim();
      if (res.ok) return { ok: true, detail: `Teams webhook accepted the notification (${res.status})` };
      const excerpt = text ? ` (${redactWebhook(text, url)})` : "";
      return { ok: false, detail: `Teams webhook answered ${res.status}${statusHint(res.status, name)}${excerpt}` };
    } catch (error) {
      return { ok: false, detail: redactWebhook(failure(error, timeoutMs), url) };
    }
  };
