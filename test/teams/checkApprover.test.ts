// checkApprover (issue 6 item 3): who may vote under a policy, and separation of duties. Groups go
// through the real Graph adapter and client-credentials token against loopback fakes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkApproverActivity } from "../../shared/teams/activities/checkApprover.js";
import { botClients } from "../../shared/teams/composition/botClients.js";
import { readTeamsSettings } from "../../shared/teams/settings.js";
import { MemorySecrets } from "../ops/support.js";
import { startFakeBotConnector, type FakeBotConnector } from "../support/fakeBotFramework/botConnector.js";
import { startFakeGraph, type FakeGraph } from "../support/fakeBotFramework/graph.js";
import { ADA, APP_ID, APP_PASSWORD, APPROVER_GROUP, BEN, EVE, policy, TENANT } from "./world.js";

let connector: FakeBotConnector;
let graph: FakeGraph;
let check: ReturnType<typeof checkApproverActivity>;

beforeAll(async () => {
  connector = await startFakeBotConnector({ appId: APP_ID, password: APP_PASSWORD });
  graph = await startFakeGraph((token) => connector.tokensFor("https://graph.microsoft.com/.default").includes(token));
  graph.members.set(BEN.oid, [APPROVER_GROUP]);
  graph.members.set(EVE.oid, ["some-other-group"]);
  const settings = readTeamsSettings({ BATON_TEAMS_APP_ID: APP_ID, BATON_TEAMS_TENANT_ID: TENANT, BATON_TEAMS_LOGIN_URL: connector.url, BATON_TEAMS_GRAPH_URL: graph.origin });
  check = checkApproverActivity({ groups: botClients(settings, new MemorySecrets({ BATON_TEAMS_APP_PASSWORD: APP_PASSWORD })).groups });
});
afterAll(async () => {
  await Promise.all([connector.close(), graph.close()]);
});

const ada = { id: ADA.oid, upn: ADA.upn };
const eve = { id: EVE.oid, upn: EVE.upn };

describe("checkApprover", () => {
  it("accepts anyone when the policy lists nobody", async () => {
    expect(await check({ policy: policy({ approvers: [] }), voter: eve, publishedBy: [] })).toMatchObject({ eligible: true });
  });

  it("accepts a listed object id or UPN, whatever the case", async () => {
    expect((await check({ policy: policy({ approvers: [ADA.oid.toUpperCase()] }), voter: ada, publishedBy: [] })).eligible).toBe(true);
    expect((await check({ policy: policy({ approvers: ["Ada@Contoso.Example"] }), voter: ada, publishedBy: [] })).eligible).toBe(true);
    expect((await check({ policy: policy({ approvers: [ADA.upn] }), voter: { id: ADA.oid }, publishedBy: [] })).eligible).toBe(false);
  });

  it("refuses someone not listed", async () => {
    expect(await check({ policy: policy(), voter: eve, publishedBy: [] })).toEqual({ eligible: false, reason: `${EVE.upn} (${EVE.oid}) is not among the approvers of this stage` });
  });

  it("asks Microsoft Graph about group approvers, with an app token for Graph", async () => {
    const groupPolicy = policy({ approvers: [`group:${APPROVER_GROUP}`] });
    expect(await check({ policy: groupPolicy, voter: { id: BEN.oid }, publishedBy: [] })).toEqual({ eligible: true, reason: `member of approver group ${APPROVER_GROUP}` });
    expect((await check({ policy: groupPolicy, voter: eve, publishedBy: [] })).eligible).toBe(false);
    expect((await check({ policy: groupPolicy, voter: { id: "00000000-0000-4000-8000-00000000dead" }, publishedBy: [] })).eligible).toBe(false);
    expect(connector.tokenRequests.filter((r) => r.scope === "https://graph.microsoft.com/.default")).toEqual([
      { tenant: TENANT, clientId: APP_ID, scope: "https://graph.microsoft.com/.default", granted: true },
    ]);
  });

  it("does not call Graph when a direct entry already matches", async () => {
    const before = graph.calls.length;
    expect((await check({ policy: policy({ approvers: [ADA.oid, `group:${APPROVER_GROUP}`] }), voter: ada, publishedBy: [] })).eligible).toBe(true);
    expect(graph.calls.length).toBe(before);
  });

  describe("separation of duties", () => {
    it("refuses the pusher, found through the identities map", async () => {
      const decision = await check({ policy: policy({ approvers: [EVE.oid], identities: { "Eve-GH": EVE.upn } }), voter: eve, publishedBy: ["eve-gh"] });
      expect(decision).toEqual({ eligible: false, reason: `separation of duties: ${EVE.upn} (${EVE.oid}) pushed or merged this change (eve-gh) and may not approve it` });
    });

    it("refuses the merger reported directly by object id, even with an open policy", async () => {
      expect((await check({ policy: policy({ approvers: [] }), voter: ada, publishedBy: ["acr-bot", ADA.oid] })).eligible).toBe(false);
    });

    it("refuses the pusher even as a group member", async () => {
      const decision = await check({ policy: policy({ approvers: [`group:${APPROVER_GROUP}`], identities: { "ben-gh": BEN.oid } }), voter: { id: BEN.oid }, publishedBy: ["ben-gh"] });
      expect(decision.eligible).toBe(false);
    });

    it("lets the pusher approve when the policy turns separation of duties off", async () => {
      expect((await check({ policy: policy({ approvers: [EVE.oid], separationOfDuties: false }), voter: eve, publishedBy: ["eve-gh"] })).eligible).toBe(true);
    });
  });
});
