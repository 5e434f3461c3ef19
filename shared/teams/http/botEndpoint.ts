/**
 * The Agents SDK side of `/api/messages`: authentication (`authorizeRequest`, the SDK's JWT
 * validation), the SDK's reading of the activity, and the turn (`process` with ApprovalBot).
 * Imported only by the Teams composition root (`await import`), never at module load.
 */
import { Activity } from "@microsoft/agents-activity";
import { buildJwksUri } from "@microsoft/agents-hosting";
import type { TokenCredential } from "@azure/identity";
import type { InvocationContext } from "@azure/functions";
import { authConfiguration } from "../adapter/authConfiguration.js";
import { BotAdapter } from "../adapter/botAdapter.js";
import { ApprovalBot } from "../bot/approvalBot.js";
import type { CardActionDeps } from "../bot/cardActionDeps.js";
import type { TeamsSettings } from "../settings.js";
import type { AdapterRequest } from "./adapterShim.js";
import { CollectedResponse } from "./adapterShim.js";
import { channelEndorsements, type Endorsement } from "./channelEndorsement.js";
import { httpsFetch } from "./httpsFetch.js";

export interface BotEndpoint {
  /** undefined when the SDK accepted the token (claims now on `request.user`), else its refusal. */
  authenticate(request: AdapterRequest): Promise<CollectedResponse | undefined>;
  /** Whether the SDK can read the body as an activity (its schema); a 400 when not. */
  readsAsActivity(body: Record<string, unknown>): boolean;
  /**
   * Whether the authenticated token's signing key is endorsed for `channelId` (the Bot Connector
   * rule the SDK does not apply: channelEndorsement.ts). Throws when the keys cannot be fetched.
   */
  endorses(request: AdapterRequest, channelId: string): Promise<Endorsement>;
  /** Runs the turn on an authenticated request with its body. */
  process(request: AdapterRequest & { body: Record<string, unknown> }, context: InvocationContext): Promise<CollectedResponse>;
}

export interface BotEndpointOptions {
  settings: TeamsSettings;
  credential: TokenCredential;
  deps(context: InvocationContext): Promise<CardActionDeps>;
}

export function openBotEndpoint(options: BotEndpointOptions): BotEndpoint {
  const adapter = new BotAdapter(options.settings, options.credential);
  const auth = authConfiguration(options.settings);
  const endorsements = channelEndorsements({ keySetUrl: (issuer) => buildJwksUri(issuer, auth), fetch: httpsFetch });
  return {
    async authenticate(request) {
      const response = new CollectedResponse();
      let accepted = false;
      await adapter.authorizeRequest(request, response, () => {
        accepted = true;
      });
      return accepted && request.user ? undefined : response;
    },
    readsAsActivity(body) {
      try {
        Activity.fromObject(body);
        return true;
      } catch {
        return false;
      }
    },
    endorses(request, channelId) {
      // authenticate() accepted this request: the header holds a bearer JWT and `user` its claims.
      const token = request.headers["authorization"]?.trim().split(/\s+/)[1] ?? "";
      const issuer = request.user?.["iss"];
      if (typeof issuer !== "string") return Promise.resolve({ endorsed: false, reason: "it names no issuer" });
      return endorsements.check(token, issuer, channelId);
    },
    async process(request, context) {
      const response = new CollectedResponse();
      const bot = new ApprovalBot(request.body, () => options.deps(context), { warn: (m) => context.warn(m) });
      await adapter.process(request, response, (turn) => bot.run(turn));
      return response;
    },
  };
}
