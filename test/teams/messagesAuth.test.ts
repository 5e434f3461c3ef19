// Issue 6 item 5: tokens are checked by the Microsoft 365 Agents SDK's own validation against
// the channel's keys served on loopback (test/support/fakeBotFramework). A valid channel token
// gets in; every forged or misdirected one is refused with 401 and raises nothing on the stage.
// A token whose `serviceurl` is not the activity's is refused with 400, the SDK's documented
// behaviour (CloudAdapter validateServiceUrl). The SDK does not check a key's channel
// endorsements; Baton does at the door (shared/teams/http/channelEndorsement.ts): a token whose
// signing key is not endorsed for the activity's channel is refused with 401 before the activity
// is acted on. Votes still count only from activities of the msteams channel (defence in depth).
import { describe, expect, it } from "vitest";
import { channelToken, unsignedToken } from "../support/fakeBotFramework/channelTokens.js";
import { ADA, APP_ID, click, invokeActivity, post, startPromotion, useTeamsWorld, votesReceived, type TeamsWorld } from "./world.js";

const world = useTeamsWorld();

async function approveWith(w: TeamsWorld, authorization: string | undefined) {
  const { promotionId, stageId } = await startPromotion(w);
  const answer = await post(w, invokeActivity(w, { verb: "promotion.approve", promotionId, by: ADA }), authorization);
  return { answer, votes: await votesReceived(w, stageId) };
}

describe("POST /api/messages authentication", () => {
  it("accepts a channel token for this bot and raises the vote", async () => {
    const w = world();
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const { answer, votes } = await approveWith(w, `Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(votes).toHaveLength(1);
  });

  const refused: [string, (w: TeamsWorld) => Promise<string | undefined>][] = [
    ["no Authorization header", () => Promise.resolve(undefined)],
    ["a non-bearer scheme", () => Promise.resolve("Basic YWRhOnNlY3JldA==")],
    ["a token for another bot (wrong audience)", async (w) => `Bearer ${await channelToken(w.teamsKey, { audience: "11111111-2222-3333-4444-555555555555", serviceUrl: w.serviceUrl })}`],
    ["a token from another issuer", async (w) => `Bearer ${await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl, issuer: "https://evil.example.com" })}`],
    ["an expired token", async (w) => `Bearer ${await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl, expiresAt: Math.floor(Date.now() / 1000) - 600 })}`],
    ["an unsigned token (alg: none)", (w) => Promise.resolve(`Bearer ${unsignedToken(w.teamsKey.kid, { audience: APP_ID, serviceUrl: w.serviceUrl })}`)],
    ["a token signed by an unpublished key", async (w) => `Bearer ${await channelToken(w.strangerKey, { audience: APP_ID, serviceUrl: w.serviceUrl })}`],
    ["a token whose signature was tampered with", async (w) => `Bearer ${(await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl })).slice(0, -4)}AAAA`],
  ];

  it.each(refused)("refuses %s with 401 and raises nothing", async (_, authorization) => {
    const w = world();
    const { answer, votes } = await approveWith(w, await authorization(w));
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).not.toMatch(/eyJ/);
    expect(votes).toEqual([]);
  });

  it("refuses a token for another service URL with 400 (the SDK's validateServiceUrl) and raises nothing", async () => {
    const w = world();
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: "https://smba.trafficmanager.net/amer/" });
    const { answer, votes } = await approveWith(w, `Bearer ${token}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toMatch(/eyJ/);
    expect(votes).toEqual([]);
  });

  it("refuses a Teams activity whose token is signed by a key endorsed only for Web Chat with 401 and raises nothing", async () => {
    const w = world();
    const logsBefore = w.host.logs.length;
    const token = await channelToken(w.webchatKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const { answer, votes } = await approveWith(w, `Bearer ${token}`);
    expect(answer.status).toBe(401);
    expect(answer.body?.error).toMatch(/signing key is not endorsed for channel "msteams"/);
    expect(votes).toEqual([]);
    const logged = w.host.logs.slice(logsBefore).map((l) => l.message).join("\n");
    expect(logged).toMatch(/not endorsed for channel "msteams"/);
    expect(logged).not.toContain(token.split(".")[2]!);
    expect(logged).not.toMatch(/eyJ/);
  });

  it("refuses a Web Chat activity signed by the Teams-only key with 401 (an endorsement names one channel)", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const activity = { ...invokeActivity(w, { verb: "promotion.approve", promotionId, by: ADA }), channelId: "webchat" };
    const answer = await post(w, activity, `Bearer ${token}`);
    expect(answer.status).toBe(401);
    expect(answer.body?.error).toMatch(/not endorsed for channel "webchat"/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("refuses an activity that names no channel with 400 and raises nothing", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const { channelId: _channelId, ...activity } = invokeActivity(w, { verb: "promotion.approve", promotionId, by: ADA });
    const answer = await post(w, activity, `Bearer ${token}`);
    expect(answer.status).toBe(400);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("counts nothing from another channel: a Web Chat activity with a valid, Web Chat-endorsed token raises no vote", async () => {
    const w = world();
    const { promotionId, stageId } = await startPromotion(w);
    const token = await channelToken(w.webchatKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const activity = { ...invokeActivity(w, { verb: "promotion.approve", promotionId, by: ADA }), channelId: "webchat" };
    const answer = await post(w, activity, `Bearer ${token}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/only accepted from Microsoft Teams/);
    expect(await votesReceived(w, stageId)).toEqual([]);
  });

  it("authenticates before reading the body: a garbage body without a token is a 401", async () => {
    const res = await world().host.fetch("/api/messages", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(401);
  });

  it("answers other methods with 405", async () => {
    const res = await world().host.fetch("/api/messages", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("answers a malformed body with a valid token with 4xx, never 5xx", async () => {
    const w = world();
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    const bad = await w.host.fetch("/api/messages", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: "[1,2]" });
    expect(bad.status).toBe(400);
    const text = await w.host.fetch("/api/messages", { method: "POST", headers: { "content-type": "text/plain", authorization: `Bearer ${token}` }, body: "hi" });
    expect(text.status).toBe(415);
  });

  it("refuses a card click whose invoke has no action with 400", async () => {
    const w = world();
    const { promotionId } = await startPromotion(w);
    const activity = { ...invokeActivity(w, { verb: "promotion.approve", promotionId, by: ADA }), value: { trigger: "manual" } };
    const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
    expect((await post(w, activity, `Bearer ${token}`)).status).toBe(400);
  });

  it("keeps working after refusals (the key cache is not poisoned)", async () => {
    const w = world();
    const { promotionId } = await startPromotion(w);
    expect((await click(w, { verb: "promotion.refresh", promotionId, by: ADA })).status).toBe(200);
  });
});
