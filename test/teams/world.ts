// The Teams endpoint end to end: the local Functions runtime (local/testing.ts) with
// functions/teamsMessages.ts and stand-in orchestrations (test/fixtures/teams/app.ts), Azure
// Tables on Azurite for the audit, and loopback fakes of the Bot Framework channel's OpenID
// metadata, the Bot Connector with its token endpoint, and Microsoft Graph.
import { afterAll, beforeAll } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import type { ApprovalVotePayload } from "../../shared/durable/events.js";
import { openOpsStore } from "../../shared/ops/store/opsStore.js";
import type { AuditRecord } from "../../shared/ops/audit/auditLog.js";
import type { ApprovalPolicy } from "../../shared/pipelines/config/model.js";
import { useAzurite } from "../support/azurite.js";
import { startFakeBotConnector, type FakeBotConnector } from "../support/fakeBotFramework/botConnector.js";
import { channelKey, serveOpenIdMetadata, type ChannelKey, type OpenIdMetadataServer } from "../support/fakeBotFramework/channelKeys.js";
import { channelToken } from "../support/fakeBotFramework/channelTokens.js";
import { startFakeGraph, type FakeGraph } from "../support/fakeBotFramework/graph.js";
import type { TeamsPromotionInput } from "../fixtures/teams/app.js";

export const APP_ID = "0d8f3a52-6a1e-4c39-9a57-2f3b8e6c1d11";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const APP_PASSWORD = "fake-app-password-0123456789";
export const CONVERSATION = "19:release-approvals@thread.tacv2";

export interface Person {
  oid: string;
  upn: string;
  name: string;
}
export const ADA: Person = { oid: "6b2e0c7e-1111-4a5b-9c8d-000000000001", upn: "ada@contoso.example", name: "Ada" };
export const BEN: Person = { oid: "6b2e0c7e-2222-4a5b-9c8d-000000000002", upn: "ben@contoso.example", name: "Ben" };
export const EVE: Person = { oid: "6b2e0c7e-3333-4a5b-9c8d-000000000003", upn: "eve@contoso.example", name: "Eve" };
export const APPROVER_GROUP = "8a1c7f00-aaaa-4bbb-8ccc-0000000000aa";

export interface TeamsWorld {
  host: TestHost;
  teamsKey: ChannelKey;
  webchatKey: ChannelKey;
  strangerKey: ChannelKey;
  openId: OpenIdMetadataServer;
  connector: FakeBotConnector;
  graph: FakeGraph;
  /** The channel's serviceUrl as Teams sends it (the fake connector, trailing slash). */
  serviceUrl: string;
}

export function useTeamsWorld(): () => TeamsWorld {
  const azurite = useAzurite();
  let world: TeamsWorld | undefined;
  beforeAll(async () => {
    const [teamsKey, webchatKey, strangerKey] = await Promise.all([channelKey("teams-key", ["msteams"]), channelKey("webchat-key", ["webchat"]), channelKey("stranger-key", ["msteams"])]);
    // The stranger key signs tokens but is not published: its signatures must not verify.
    const openId = await serveOpenIdMetadata([teamsKey, webchatKey]);
    const connector = await startFakeBotConnector({ appId: APP_ID, password: APP_PASSWORD });
    connector.conversations.add(CONVERSATION);
    const graph = await startFakeGraph((token) => connector.tokensFor("https://graph.microsoft.com/.default").includes(token));
    Object.assign(process.env, {
      AzureWebJobsStorage: azurite().connectionString,
      BATON_PUBLIC_URL: "https://baton.example.com",
      BATON_PIPELINES: JSON.stringify({ pipelines: [{ name: "orders", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "any" } } }] }),
      BATON_TABLE_PREFIX: "teams",
      ...teamsEnv(openId, connector, graph),
    });
    const host = await startTestHost({ appDir: ".", entry: ["functions/teamsMessages.ts", "test/fixtures/teams/app.ts"] });
    world = { host, teamsKey, webchatKey, strangerKey, openId, connector, graph, serviceUrl: `${connector.url}/` };
  });
  afterAll(async () => {
    await world?.host.dispose();
    await Promise.all([world?.openId.close(), world?.connector.close(), world?.graph.close()]);
  });
  return () => {
    if (!world) throw new Error("the Teams world is not running: call useTeamsWorld() at the top of the test file");
    return world;
  };
}

/** The Teams settings of a bot registered with the loopback fakes. */
export function teamsEnv(_openId: OpenIdMetadataServer, connector: FakeBotConnector, graph: FakeGraph): Record<string, string> {
  return {
    BATON_TEAMS_APP_ID: APP_ID,
    BATON_TEAMS_APP_TYPE: "SingleTenant",
    BATON_TEAMS_TENANT_ID: TENANT,
    BATON_TEAMS_APP_PASSWORD: APP_PASSWORD,
    BATON_TEAMS_LOGIN_URL: connector.url,
    BATON_TEAMS_GRAPH_URL: graph.origin,
  };
}

export function policy(overrides: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return {
    required: true,
    approvers: [ADA.oid, BEN.upn],
    quorum: 2,
    timeoutMs: 86_400_000,
    onExpiry: "reject",
    escalateTo: [],
    separationOfDuties: true,
    identities: { "eve-gh": EVE.upn },
    teams: { conversationId: CONVERSATION, serviceUrl: "https://smba.trafficmanager.net/emea/", tenantId: TENANT },
    ...overrides,
  };
}

let promotions = 0;

/** Starts a stand-in promotion waiting at stage `prod` (or at `step`); returns its ids once published. */
export async function startPromotion(world: TeamsWorld, options: { approval?: ApprovalPolicy; publishedBy?: string[]; step?: TeamsPromotionInput["step"]; escalated?: boolean } = {}) {
  const digest = `sha256:${(++promotions).toString(16).padStart(64, "0")}`;
  const promotionId = `promo-orders-sha256-${digest.slice(-64)}`;
  const input: TeamsPromotionInput = {
    pipeline: "orders",
    image: { kind: "image.published", registry: "myacr.azurecr.io", repository: "orders-api", tag: `1.4.${promotions}`, digest, publishedAt: "2026-11-20T10:00:00Z", source: "acr-eventgrid", deliveryId: `d-${promotions}` },
    stage: "prod",
    approval: options.approval ?? policy(),
    publishedBy: options.publishedBy ?? ["eve-gh"],
    step: options.step ?? "awaiting-approval",
    escalated: options.escalated ?? false,
  };
  await world.host.startOrchestration("promotion", input, promotionId);
  await world.host.settle();
  return { promotionId, stageId: stageInstanceId(promotionId, "prod") };
}

export interface Click {
  verb: string;
  promotionId: string;
  stage?: string;
  comment?: string;
  by: Person;
  tenantId?: string;
  replyToId?: string;
  /** More fields in the card's `data`, as anyone who can see the card could add. */
  data?: Record<string, unknown>;
}

/** The `adaptiveCard/action` invoke Teams sends when someone clicks a button (protocols.md 5.1). */
export function invokeActivity(world: Pick<TeamsWorld, "serviceUrl">, click: Click): Record<string, unknown> {
  const tenantId = click.tenantId ?? TENANT;
  return {
    type: "invoke",
    name: "adaptiveCard/action",
    channelId: "msteams",
    id: `f:${click.verb}-${click.by.oid}`,
    timestamp: new Date().toISOString(),
    serviceUrl: world.serviceUrl,
    from: { id: `29:${click.by.oid}`, name: click.by.name, aadObjectId: click.by.oid, userPrincipalName: click.by.upn },
    recipient: { id: `28:${APP_ID}`, name: "Baton" },
    conversation: { id: CONVERSATION, conversationType: "channel", tenantId, isGroup: true },
    channelData: { tenant: { id: tenantId }, channel: { id: CONVERSATION } },
    replyToId: click.replyToId ?? "1712345678901",
    value: {
      action: { type: "Action.Execute", id: "vote", verb: click.verb, data: { ...click.data, promotionId: click.promotionId, stage: click.stage ?? "prod", ...(click.comment !== undefined ? { comment: click.comment } : {}) } },
      trigger: "manual",
    },
  };
}

export async function post(world: Pick<TeamsWorld, "host">, activity: unknown, authorization?: string) {
  const res = await world.host.fetch("/api/messages", {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as { statusCode?: number; type?: string; value?: unknown; error?: string } | undefined };
}

/** A click with a valid channel token. */
export async function click(world: Pick<TeamsWorld, "host" | "serviceUrl" | "teamsKey">, c: Click) {
  const token = await channelToken(world.teamsKey, { audience: APP_ID, serviceUrl: world.serviceUrl });
  return post(world, invokeActivity(world, c), `Bearer ${token}`);
}

/** The votes the stand-in stage received. */
export async function votesReceived(world: TeamsWorld, stageId: string): Promise<ApprovalVotePayload[]> {
  await world.host.settle();
  const status = await world.host.status(stageId);
  return (status.customStatus as { received?: ApprovalVotePayload[] }).received ?? [];
}

export async function auditOf(promotionId: string): Promise<AuditRecord[]> {
  const store = await openOpsStore({ storage: { kind: "connection-string", value: process.env["AzureWebJobsStorage"]! }, tablePrefix: "teams" });
  return store.audit.forTarget({ kind: "promotion", promotionId });
}
