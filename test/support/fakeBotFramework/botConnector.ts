// A fake of the Bot Connector REST API (the part Baton uses) and of the Entra v2 token endpoint
// it needs, on one loopback server:
// - POST /{tenant}/oauth2/v2.0/token, form-encoded client credentials -> {access_token, expires_in}
// - GET  /{tenant}/discovery/v2.0/keys -> Entra's signing keys (none here: no Entra-issued
//   channel token verifies against this fake)
// - POST /v3/conversations/{conversationId}/activities -> 201 {id}
// - POST /v3/conversations/{conversationId}/activities/{activityId} (reply) -> 201 {id}
// - PUT  /v3/conversations/{conversationId}/activities/{activityId} -> 200 {id}
// Connector calls need a bearer token this fake issued for the Bot Connector scope; everything
// is recorded for assertions.
import { randomUUID } from "node:crypto";
import { bearerOf, startLoopback, type FakeAnswer, type FakeRequest, type Loopback } from "./loopback.js";

export interface AppRegistration {
  appId: string;
  password: string;
}

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  granted: boolean;
}

export interface ConnectorCall {
  method: "POST" | "PUT";
  conversationId: string;
  activityId: string;
  /** For a reply (POST .../activities/{id}): the activity replied to. */
  replyToId?: string;
  activity: Record<string, unknown>;
}

export interface FakeBotConnector extends Loopback {
  /** Use as the conversation's serviceUrl and as the login URL (token endpoint host). */
  readonly url: string;
  readonly tokenRequests: TokenRequest[];
  readonly calls: ConnectorCall[];
  /** Tokens issued per scope, to check a Graph call carries the Graph token. */
  tokensFor(scope: string): string[];
  /** Conversations the bot is a member of; others answer 403 as the real service does. */
  readonly conversations: Set<string>;
}

export async function startFakeBotConnector(app: AppRegistration): Promise<FakeBotConnector> {
  const tokenRequests: TokenRequest[] = [];
  const calls: ConnectorCall[] = [];
  const issued = new Map<string, string>();
  const conversations = new Set<string>();

  const token = (request: FakeRequest, tenant: string): FakeAnswer => {
    const form = new URLSearchParams(request.body);
    const scope = form.get("scope") ?? "";
    const granted = form.get("grant_type") === "client_credentials" && form.get("client_id") === app.appId && form.get("client_secret") === app.password;
    tokenRequests.push({ tenant, clientId: form.get("client_id") ?? "", scope, granted });
    if (!granted) return { status: 401, json: { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." } };
    const accessToken = `fake-${randomUUID()}`;
    issued.set(accessToken, scope);
    return { status: 200, json: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  };

  const connector = (request: FakeRequest, conversationId: string, activityId?: string, replyToId?: string): FakeAnswer => {
    if (issued.get(bearerOf(request) ?? "") !== "https://api.botframework.com/.default") return { status: 401, json: { message: "Authorization has been denied for this request." } };
    // A channel thread is addressed as `<channel id>;messageid=<root message id>`.
    if (!conversations.has(conversationId.split(";")[0]!)) return { status: 403, json: { error: { code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster." } } };
    const activity = JSON.parse(request.body) as Record<string, unknown>;
    if (activity["type"] !== "message") return { status: 400, json: { error: { code: "BadArgument", message: "Activity type must be message" } } };
    const id = activityId ?? `${Date.now()}${calls.length}`;
    calls.push({ method: activityId ? "PUT" : "POST", conversationId, activityId: id, ...(replyToId ? { replyToId } : {}), activity });
    return { status: activityId ? 200 : 201, json: { id } };
  };

  const server = await startLoopback((request) => {
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.path);
    if (tokenPath && request.method === "POST") return token(request, decodeURIComponent(tokenPath[1]!));
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(request.path) && request.method === "GET") return { status: 200, json: { keys: [] } };
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(request.path);
    if (activities && request.method === "POST" && !activities[2]) return connector(request, decodeURIComponent(activities[1]!));
    if (activities && request.method === "POST" && activities[2]) return connector(request, decodeURIComponent(activities[1]!), undefined, decodeURIComponent(activities[2]));
    if (activities && request.method === "PUT" && activities[2]) return connector(request, decodeURIComponent(activities[1]!), decodeURIComponent(activities[2]));
    return { status: 404, json: { error: { code: "NotFound", message: `${request.method} ${request.path}` } } };
  });
  return {
    ...server,
    url: server.origin,
    tokenRequests,
    calls,
    conversations,
    tokensFor: (scope) => [...issued].filter(([, s]) => s === scope).map(([t]) => t),
  };
}
