/**
 * Settings of the Teams bot, read once at the edge (house style 2). The app password is never a
 * setting value here: only the NAME of the secret, read through the SecretSource. The two URL
 * overrides exist for tests (loopback fakes of Entra and Microsoft Graph). The Bot Framework
 * channel's signing keys are found by the Agents SDK at the address it knows.
 */
import { z } from "zod";

export type BotAppType = "SingleTenant" | "MultiTenant";

export interface TeamsSettings {
  /** The bot's Microsoft App ID: the audience every channel token must carry. */
  appId: string;
  appType: BotAppType;
  /** The bot's Entra tenant: required for SingleTenant and for group checks through Graph. */
  tenantId: string | undefined;
  /** Name of the secret holding the app password (client secret). */
  appPasswordSecret: string;
  /**
   * Entra authority host: client-credentials tokens (`<host>/<tenant>/oauth2/v2.0/token`) and,
   * for Entra-issued channel tokens, the signing keys (`<host>/<tenant>/discovery/v2.0/keys`).
   */
  loginUrl: string;
  graphUrl: string;
  maxBodyBytes: number;
}

export const TEAMS_DEFAULTS = {
  loginUrl: "https://login.microsoftonline.com",
  graphUrl: "https://graph.microsoft.com",
} as const;

const text = z.string().trim().min(1);
const url = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" });

const schema = z.object({
  BATON_TEAMS_APP_ID: text.regex(/^[0-9a-f-]{36}$/i, "must be the bot's Microsoft App ID (a GUID)"),
  BATON_TEAMS_APP_TYPE: z.enum(["SingleTenant", "MultiTenant"], { error: "must be SingleTenant or MultiTenant" }).default("SingleTenant"),
  BATON_TEAMS_TENANT_ID: text.regex(/^[0-9a-f-]{36}$/i, "must be the Entra tenant id (a GUID)").optional(),
  BATON_TEAMS_APP_PASSWORD_SECRET: text.regex(/^[A-Za-z0-9_-]+$/, "must be a secret name (letters, digits, _ and -)").default("BATON_TEAMS_APP_PASSWORD"),
  BATON_TEAMS_LOGIN_URL: url.default(TEAMS_DEFAULTS.loginUrl),
  BATON_TEAMS_GRAPH_URL: url.default(TEAMS_DEFAULTS.graphUrl),
  BATON_TEAMS_MAX_BODY_BYTES: z.coerce.number().int().positive("must be a positive integer").default(64 * 1024),
});

/** Reads and validates the Teams settings; every problem names the setting. */
export function readTeamsSettings(env: Record<string, string | undefined> = process.env): TeamsSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("BATON_TEAMS_") && v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? "BATON_TEAMS_*")} ${i.code === "invalid_type" ? "is required" : i.message}`);
    throw new Error(`invalid Teams settings: ${problems.join("; ")}`);
  }
  const s = parsed.data;
  if (s.BATON_TEAMS_APP_TYPE === "SingleTenant" && !s.BATON_TEAMS_TENANT_ID) {
    throw new Error("invalid Teams settings: BATON_TEAMS_TENANT_ID is required when BATON_TEAMS_APP_TYPE is SingleTenant");
  }
  return {
    appId: s.BATON_TEAMS_APP_ID,
    appType: s.BATON_TEAMS_APP_TYPE,
    tenantId: s.BATON_TEAMS_TENANT_ID,
    appPasswordSecret: s.BATON_TEAMS_APP_PASSWORD_SECRET,
    loginUrl: s.BATON_TEAMS_LOGIN_URL.replace(/\/+$/, ""),
    graphUrl: s.BATON_TEAMS_GRAPH_URL.replace(/\/+$/, ""),
    maxBodyBytes: s.BATON_TEAMS_MAX_BODY_BYTES,
  };
}
