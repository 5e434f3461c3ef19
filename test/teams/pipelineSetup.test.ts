// Issue 11 section 2: the bot answers an installation or a message with what an admin needs to
// point a pipeline at the conversation (conversation id, service URL, tenant). Real signed
// activities through the runtime; the answer arrives at the fake Bot Connector as a reply.
import { describe, expect, it } from "vitest";
import { channelToken } from "../support/fakeBotFramework/channelTokens.js";
import { APP_ID, CONVERSATION, TENANT, post, useTeamsWorld, type TeamsWorld } from "./world.js";

const world = useTeamsWorld();

function activity(w: TeamsWorld, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: "msteams",
    id: `f:${Math.random().toString(16).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: w.serviceUrl,
    from: { id: "29:admin", name: "Admin", aadObjectId: "6b2e0c7e-4444-4a5b-9c8d-000000000004" },
    recipient: { id: `28:${APP_ID}`, name: "Baton" },
    conversation: { id: CONVERSATION, conversationType: "channel", tenantId: TENANT, isGroup: true },
    channelData: { tenant: { id: TENANT }, team: { id: CONVERSATION, name: "Release" }, channel: { id: CONVERSATION, name: "General" } },
    ...fields,
  };
}

async function signedPost(w: TeamsWorld, body: Record<string, unknown>) {
  const token = await channelToken(w.teamsKey, { audience: APP_ID, serviceUrl: w.serviceUrl });
  return post(w, body, `Bearer ${token}`);
}

function repliesTo(w: TeamsWorld, id: unknown) {
  return w.connector.calls.filter((c) => c.replyToId === id);
}

describe("the bot tells an admin how to reach this conversation", () => {
  it("answers an installation with the conversation id, service URL and tenant", async () => {
    const w = world();
    const install = activity(w, { type: "installationUpdate", action: "add" });
    expect((await signedPost(w, install)).status).toBe(200);
    const [reply, ...more] = repliesTo(w, install["id"]);
    expect(more).toEqual([]);
    expect(reply).toMatchObject({ method: "POST", conversationId: CONVERSATION, activity: { type: "message" } });
    const text = String(reply!.activity["text"]);
    expect(text).toContain(`conversationId: "${CONVERSATION}"`);
    expect(text).toContain(`serviceUrl: "${w.serviceUrl}"`);
    expect(text).toContain(`tenantId: "${TENANT}"`);
    expect(text).toContain("Release / General");
  });

  it("answers a message the same way, without the thread's message id", async () => {
    const w = world();
    const message = activity(w, { type: "message", text: "<at>Baton</at> hello", conversation: { id: `${CONVERSATION};messageid=1712345678901`, conversationType: "channel", tenantId: TENANT } });
    expect((await signedPost(w, message)).status).toBe(200);
    const [reply] = repliesTo(w, message["id"]);
    expect(String(reply?.activity["text"])).toContain(`conversationId: "${CONVERSATION}"`);
    expect(String(reply?.activity["text"])).not.toContain("messageid");
  });

  it("says nothing when the bot is removed, and never answers an unauthenticated installation", async () => {
    const w = world();
    const removal = activity(w, { type: "installationUpdate", action: "remove" });
    expect((await signedPost(w, removal)).status).toBe(200);
    expect(repliesTo(w, removal["id"])).toEqual([]);
    const forged = activity(w, { type: "installationUpdate", action: "add" });
    expect((await post(w, forged, "Bearer not-a-token")).status).toBe(401);
    expect(repliesTo(w, forged["id"])).toEqual([]);
  });

  it("still acknowledges an installation where it may not post (the answer is best effort)", async () => {
    const w = world();
    const elsewhere = activity(w, { type: "installationUpdate", action: "add", conversation: { id: "19:not-a-member@thread.v2", conversationType: "groupChat", tenantId: TENANT } });
    expect((await signedPost(w, elsewhere)).status).toBe(200);
    expect(repliesTo(w, elsewhere["id"])).toEqual([]);
  });
});
