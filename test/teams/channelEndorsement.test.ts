// The Bot Connector endorsement rule (shared/teams/http/channelEndorsement.ts) against the fake
// channel's published keys on loopback (the real document's shape, `endorsements` per key), with
// real RS256 tokens, fetched over https as in production (httpsFetch).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { channelEndorsements } from "../../shared/teams/http/channelEndorsement.js";
import { httpsFetch } from "../../shared/teams/http/httpsFetch.js";
import { channelKey, serveOpenIdMetadata, type ChannelKey, type OpenIdMetadataServer } from "../support/fakeBotFramework/channelKeys.js";
import { CHANNEL_ISSUER, channelToken } from "../support/fakeBotFramework/channelTokens.js";

const KEYS_URL = "https://login.botframework.com/v1/.well-known/keys";
const claims = { audience: "bot", serviceUrl: "https://smba.trafficmanager.net/emea/" };

let teamsKey: ChannelKey;
let webchatKey: ChannelKey;
let bareKey: ChannelKey;
let published: ChannelKey[];
let openId: OpenIdMetadataServer;

beforeAll(async () => {
  [teamsKey, webchatKey, bareKey] = await Promise.all([channelKey("teams-key", ["msteams", "skype"]), channelKey("webchat-key", ["webchat"]), channelKey("bare-key", [])]);
  published = [teamsKey, webchatKey, bareKey];
  openId = await serveOpenIdMetadata(published);
});
afterAll(() => openId.close());
afterEach(() => {
  vi.useRealTimers();
});

function checker(keySetUrl = KEYS_URL) {
  return channelEndorsements({ keySetUrl: () => keySetUrl, fetch: httpsFetch });
}

describe("channel endorsements of a token's signing key", () => {
  it("accepts a token signed by a key endorsed for the activity's channel", async () => {
    expect(await checker().check(await channelToken(teamsKey, claims), CHANNEL_ISSUER, "msteams")).toEqual({ endorsed: true });
  });

  it("refuses a key endorsed only for another channel, and a channel id that differs in case", async () => {
    const endorsements = checker();
    const webchat = await endorsements.check(await channelToken(webchatKey, claims), CHANNEL_ISSUER, "msteams");
    expect(webchat).toEqual({ endorsed: false, reason: 'its signing key is not endorsed for channel "msteams"' });
    expect((await endorsements.check(await channelToken(teamsKey, claims), CHANNEL_ISSUER, "MSTeams")).endorsed).toBe(false);
  });

  it("refuses a key published without endorsements", async () => {
    expect((await checker().check(await channelToken(bareKey, claims), CHANNEL_ISSUER, "msteams")).endorsed).toBe(false);
  });

  it("refuses a token whose kid is not in the published keys", async () => {
    const stranger = await channelKey("stranger-key", ["msteams"]);
    const verdict = await checker().check(await channelToken(stranger, claims), CHANNEL_ISSUER, "msteams");
    expect(verdict).toEqual({ endorsed: false, reason: "its signing key is not in the channel's published keys" });
  });

  it("reads the endorsements of the key that signed: an unpublished key borrowing an endorsed kid is refused", async () => {
    const impostor = await channelKey(teamsKey.kid, ["msteams"]);
    const verdict = await checker().check(await channelToken(impostor, claims), CHANNEL_ISSUER, "msteams");
    expect(verdict).toEqual({ endorsed: false, reason: "its signature does not verify against the channel's published key" });
  });

  it("finds a key the channel rotates in after the key set was cached (after jose's 30 s cooldown)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const endorsements = checker();
    expect((await endorsements.check(await channelToken(teamsKey, claims), CHANNEL_ISSUER, "msteams")).endorsed).toBe(true);
    const rotated = await channelKey("rotated-key", ["msteams"]);
    published.push(rotated);
    try {
      vi.setSystemTime(Date.now() + 31_000);
      expect(await endorsements.check(await channelToken(rotated, claims), CHANNEL_ISSUER, "msteams")).toEqual({ endorsed: true });
    } finally {
      published.pop();
    }
  });

  it("throws (the door's 503) when the channel's keys cannot be fetched, instead of refusing the caller", async () => {
    const endorsements = checker("https://login.botframework.com/v1/.well-known/no-such-keys");
    await expect(endorsements.check(await channelToken(teamsKey, claims), CHANNEL_ISSUER, "msteams")).rejects.toThrow(/signing keys are unavailable/);
  });
});
