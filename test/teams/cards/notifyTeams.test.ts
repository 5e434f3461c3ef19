// The notifyTeams activity against a loopback webhook: what it posts, and that it stays best effort
// and never reveals the webhook URL (the URL is the credential, protocols.md 5.3).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvSecretSource } from "../../../shared/config/envSecrets.js";
import type { ActivityInput } from "../../../shared/durable/activityContracts.js";
import { cardSize } from "../../../shared/teams/cards/cardSize.js";
import { buildNotificationCard, type WorkflowMessage } from "../../../shared/teams/notify/notificationCard.js";
import { describeNotice } from "../../../shared/teams/notify/notices.js";
import { notifyTeams } from "../../../shared/teams/notify/notifyTeams.js";
import { cardValidator } from "./validateCard.js";
import { startWebhookServer, type WebhookServer } from "./webhookServer.js";

const validate = cardValidator();
const SECRET = "TEAMS_WEBHOOK_URL";
const image = { name: "contosoprod.azurecr.io/orders/orders-api", tag: "1.4.2", digest: "sha256:3f1c9a7be2d04c55a1e0f6b9d8c7e6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9" };
const timeline = "https://baton.contoso.example/timeline/p-1";

function input(notice = describeNotice({ kind: "stageFailed", pipeline: "orders-api", stage: "prod", image, timeline, reason: "error-rate gate: 4.1% errors, limit 1%" })): ActivityInput<"notifyTeams"> {
  return { webhookSecret: SECRET, ...notice };
}

describe("notification cards", () => {
  it("builds a valid, small card for each kind of notice", () => {
    const notices = [
      describeNotice({ kind: "started", pipeline: "orders-api", image, timeline, stages: ["dev", "staging", "prod"] }),
      describeNotice({ kind: "stageSucceeded", pipeline: "orders-api", stage: "staging", next: "prod", image, timeline }),
      describeNotice({ kind: "stageFailed", pipeline: "orders-api", stage: "prod", image, timeline, reason: "smoke gate: status 503" }),
      describeNotice({ kind: "rolledBack", pipeline: "orders-api", stage: "prod", image, timeline, restoredTag: "1.4.1", reason: "smoke gate: status 503" }),
    ];
    expect(notices.map((n) => n.title)).toEqual([
      "Promotion started: orders-api 1.4.2",
      "orders-api 1.4.2 is live in staging",
      "orders-api 1.4.2 failed in prod",
      "orders-api rolled back in prod to 1.4.1",
    ]);
    for (const notice of notices) {
      const card = buildNotificationCard(notice);
      expect(validate(card), notice.title).toEqual([]);
      expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open timeline", url: timeline }]);
    }
  });

  it("stays small and valid with many huge facts", () => {
    const card = buildNotificationCard({ title: "t".repeat(10_000), facts: Array.from({ length: 100 }, (_, i) => ({ title: `fact ${i}`, value: "v".repeat(10_000) })) });
    expect(validate(card)).toEqual([]);
    expect(cardSize(card)).toBeLessThan(8 * 1024);
    expect(JSON.stringify(card)).toContain("88 more on the timeline");
  });
});

describe("notifyTeams activity", () => {
  let server: WebhookServer;
  beforeEach(async () => {
    server = await startWebhookServer();
  });
  afterEach(() => server.close());

  const activity = (timeoutMs?: number) => notifyTeams({ secrets: new EnvSecretSource({ [SECRET]: server.url }), fetch, timeoutMs });

  it("POSTs a Workflows message with the card attached (contentUrl null) and reports success", async () => {
    const outcome = await activity()(input());
    expect(outcome).toEqual({ ok: true, detail: "Teams webhook accepted the notification (202)" });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request?.method).toBe("POST");
    expect(request?.contentType).toBe("application/json");
    expect(request?.url).toContain("sig=S3cr3tS1gnature");
    const message = JSON.parse(request?.body ?? "") as WorkflowMessage;
    expect(message.type).toBe("message");
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.contentUrl).toBeNull();
    expect(validate(attachment.content)).toEqual([]);
    expect(JSON.stringify(attachment.content)).toContain("orders-api 1.4.2 failed in prod");
  });

  it("returns ok:false with the status and a fix for refusals, without the URL or signature", async () => {
    server.answer = { status: 401, body: `signature invalid for ${server.url}` };
    const refused = await activity()(input());
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/^Teams webhook answered 401: the signature was refused; .* update secret TEAMS_WEBHOOK_URL/);
    server.answer = { status: 413 };
    expect(await activity()(input())).toEqual({ ok: false, detail: "Teams webhook answered 413: the message is over Teams' ~28 KB limit" });
    // The flow echoed the URL in its answer; the excerpt keeps the words and drops the URL.
    expect(refused.detail).toContain("(signature invalid for <webhook>)");
    expect(refused.detail).not.toContain("S3cr3tS1gnature");
    expect(refused.detail).not.toContain("/workflows/abc123");
  });

  it("returns ok:false when the flow does not answer in time", async () => {
    server.answer = "hang";
    expect(await activity(50)(input())).toEqual({ ok: false, detail: "no answer within 50 ms" });
  });

  it("returns ok:false, without the URL, when nothing listens", async () => {
    const url = server.url;
    await server.close();
    const outcome = await notifyTeams({ secrets: new EnvSecretSource({ [SECRET]: url }), fetch })(input());
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(/^request failed: fetch failed: .*ECONNREFUSED/);
    expect(outcome.detail).not.toContain("S3cr3tS1gnature");
    expect(outcome.detail).not.toContain("/workflows/");
  });

  it("names the secret, never its value, when it is missing or not a usable URL", async () => {
    expect(await notifyTeams({ secrets: new EnvSecretSource({}), fetch })(input())).toEqual({ ok: false, detail: "secret TEAMS_WEBHOOK_URL is not configured" });
    const plainHttp = "http://prod-00.westeurope.logic.azure.com/workflows/x?sig=Leak";
    const outcome = await notifyTeams({ secrets: new EnvSecretSource({ [SECRET]: plainHttp }), fetch })(input());
    expect(outcome).toEqual({ ok: false, detail: "secret TEAMS_WEBHOOK_URL must be an https URL (got http:)" });
    expect(await notifyTeams({ secrets: new EnvSecretSource({ [SECRET]: "not a url sig=Leak" }), fetch })(input())).toEqual({ ok: false, detail: "secret TEAMS_WEBHOOK_URL is not a URL" });
    expect(server.received).toEqual([]);
  });

  it("reports a secret store failure instead of throwing", async () => {
    const secrets = { get: () => Promise.reject(new Error("Key Vault unreachable")), refresh: () => Promise.reject(new Error("unused")) };
    expect(await notifyTeams({ secrets, fetch })(input())).toEqual({ ok: false, detail: "could not read secret TEAMS_WEBHOOK_URL: Key Vault unreachable" });
  });
});
