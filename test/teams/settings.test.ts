// The Teams settings: validated at the edge, every problem named by its setting.
import { describe, expect, it } from "vitest";
import { readTeamsSettings } from "../../shared/teams/settings.js";

const APP_ID = "0d8f3a52-6a1e-4c39-9a57-2f3b8e6c1d11";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("readTeamsSettings", () => {
  it("applies the public cloud defaults", () => {
    expect(readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_TENANT_ID: TENANT })).toEqual({
      appId: APP_ID,
      appType: "SingleTenant",
      tenantId: TENANT,
      appPasswordSecret: "BATON_TEAMS_APP_PASSWORD",
      loginUrl: "https://login.microsoftonline.com",
      graphUrl: "https://graph.microsoft.com",
      maxBodyBytes: 65536,
    });
  });

  it("requires the app id: without it nothing could be authenticated", () => {
    expect(() => readTeamsSettings({})).toThrow(/BATON_TEAMS_APP_ID is required/);
    expect(() => readTeamsSettings({ BATON_TEAMS_APP_ID: "   " })).toThrow(/BATON_TEAMS_APP_ID is required/);
  });

  it("names each invalid setting", () => {
    expect(() => readTeamsSettings({ BATON_TEAMS_APP_ID: "my-bot" })).toThrow(/BATON_TEAMS_APP_ID must be the bot's Microsoft App ID/);
    expect(() => readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_APP_TYPE: "UserAssignedMsi", BATON_TEAMS_TENANT_ID: TENANT })).toThrow(/BATON_TEAMS_APP_TYPE must be SingleTenant or MultiTenant/);
    expect(() => readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_TENANT_ID: TENANT, BATON_TEAMS_GRAPH_URL: "graph" })).toThrow(/BATON_TEAMS_GRAPH_URL must be an absolute http\(s\) URL/);
  });

  it("needs the tenant for a SingleTenant bot, not for a MultiTenant one", () => {
    expect(() => readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID })).toThrow(/BATON_TEAMS_TENANT_ID is required when BATON_TEAMS_APP_TYPE is SingleTenant/);
    expect(readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_APP_TYPE: "MultiTenant" }).tenantId).toBeUndefined();
  });
});
