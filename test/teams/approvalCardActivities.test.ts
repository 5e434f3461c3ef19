// postApprovalCard and updateApprovalCard (issue 6 items 2 and 5): proactive message and card
// update through the Agents SDK's ConnectorClient against the fake Bot Connector, with
// the bot's client-credentials token from the fake token endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postApprovalCardActivity } from "../../shared/teams/activities/postApprovalCard.js";
import { updateApprovalCardActivity } from "../../shared/teams/activities/updateApprovalCard.js";
import type { ApprovalCardModel } from "../../shared/teams/cards/model.js";
import { teamsActivityDeps, type TeamsActivityDeps } from "../../shared/teams/composition/teamsActivities.js";
import { startFakeBotConnector, type FakeBotConnector } from "../support/fakeBotFramework/botConnector.js";
import { APP_ID, APP_PASSWORD, CONVERSATION, policy, TENANT } from "./world.js";

let connector: FakeBotConnector;
let deps: TeamsActivityDeps;

const env = (password: string) => ({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_TENANT_ID: TENANT, BATON_TEAMS_LOGIN_URL: connector.url, BATON_TEAMS_APP_PASSWORD: password });

beforeAll(async () => {
  connector = await startFakeBotConnector({ appId: APP_ID, password: APP_PASSWORD });
  connector.conversations.add(CONVERSATION);
  deps = teamsActivityDeps(env(APP_PASSWORD));
});
afterAll(() => connector.close());

const card: ApprovalCardModel = {
  promotionId: "promo-orders-sha256-aa",
  pipeline: "orders",
  stage: "prod",
  image: { name: "orders-api", tag: "1.4.2", digest: `sha256:${"a".repeat(64)}` },
  changes: [{ file: "apps/prod/kustomization.yaml", where: "images[orders-api]", from: "1.4.1", to: "1.4.2" }],
  gates: [{ stage: "staging", gate: "smoke", outcome: "passed", detail: "200 OK x3" }],
  links: { timeline: "https://baton.example.com/api/promotions/promo-orders-sha256-aa" },
  policy: { quorum: 2, approvers: ["ada@contoso.example"], expiresAt: "2026-11-21T10:00:00.000Z" },
  votes: [],
  state: "open",
};

describe("approval card activities", () => {
  it("posts the card to the policy's conversation and returns where it lives", async () => {
    const teams = { conversationId: CONVERSATION, serviceUrl: connector.url, tenantId: TENANT };
    const posted = await postApprovalCardActivity(deps)({ policy: policy({ teams }), card });
    expect(posted).toEqual({ serviceUrl: connector.url, conversationId: CONVERSATION, activityId: expect.any(String) as string });
    const call = connector.calls.at(-1)!;
    expect(call).toMatchObject({ method: "POST", conversationId: CONVERSATION, activity: { type: "message", channelData: { tenant: { id: TENANT } } } });
    expect(call.activity["attachments"]).toMatchObject([{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", version: "1.5" } }]);
    expect(connector.tokenRequests.at(-1)).toEqual({ tenant: TENANT, clientId: APP_ID, scope: "https://api.botframework.com/.default", granted: true });
  });

  it("posts nothing when the policy names no conversation", async () => {
    const before = connector.calls.length;
    expect(await postApprovalCardActivity(deps)({ policy: policy({ teams: undefined }), card })).toBeNull();
    expect(connector.calls.length).toBe(before);
  });

  it("updates the posted card for everyone", async () => {
    const posted = { serviceUrl: connector.url, conversationId: CONVERSATION, activityId: "1712345678901" };
    const decided: ApprovalCardModel = { ...card, state: "approved", votes: [{ voter: "Ada", decision: "approve", at: "2026-11-20T11:00:00Z" }] };
    expect(await updateApprovalCardActivity(deps)({ posted, card: decided })).toBeNull();
    expect(connector.calls.at(-1)).toMatchObject({ method: "PUT", activityId: "1712345678901", activity: { type: "message", id: "1712345678901" } });
  });

  it("fails with the reason when the bot is not in the conversation", async () => {
    const teams = { conversationId: "19:elsewhere@thread.tacv2", serviceUrl: connector.url, tenantId: TENANT };
    await expect(postApprovalCardActivity(deps)({ policy: policy({ teams }), card })).rejects.toThrow(/HTTP 403.*bot installed/);
  });

  it("fails without leaking the password when the app credentials are wrong", async () => {
    const wrong = teamsActivityDeps(env("not-the-password-at-all"));
    const teams = { conversationId: CONVERSATION, serviceUrl: connector.url, tenantId: TENANT };
    const error = await postApprovalCardActivity(wrong)({ policy: policy({ teams }), card }).then(
      () => new Error("posted with a wrong password"),
      (e: unknown) => e as Error,
    );
    const text = `${error.message} ${(error.cause as Error | undefined)?.message ?? ""}`;
    expect(text).toMatch(/invalid_client/);
    expect(text).not.toContain("not-the-password-at-all");
  });
});
