// Prod behind a Teams quorum, end to end through the local runtime with the real promotion: the
// stage posts the approval card through the Bot Connector, votes arrive as Universal Actions
// invokes with Bot Framework tokens checked by the real library, and only valid votes count
// (not the pusher's, not a stranger's, not a second one); a rejection stops the promotion, and an
// approval that expires rejects it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { channelKey, serveOpenIdMetadata, type ChannelKey, type OpenIdMetadataServer } from "../support/fakeBotFramework/channelKeys.js";
import { startFakeBotConnector, type FakeBotConnector } from "../support/fakeBotFramework/botConnector.js";
import { startFakeGraph, type FakeGraph } from "../support/fakeBotFramework/graph.js";
import type { GitServer } from "../support/gitServer.js";
import { ADA, APP_ID, APP_PASSWORD, BEN, CONVERSATION, EVE, TENANT, click, teamsEnv, type Person } from "../teams/world.js";
import { principalHeaders } from "../ops/support.js";
import type { AuditRecord } from "../../shared/ops/audit/auditLog.js";
import { digestOf, fileAt, fluxReconcilesHead, opsCall, promotionId, pushImage, statusOf, stageId, useBatonWorld } from "./world.js";

const MALLORY: Person = { oid: "6b2e0c7e-9999-4a5b-9c8d-000000000009", upn: "mallory@contoso.example", name: "Mallory" };

let teamsKey: ChannelKey;
let openId: OpenIdMetadataServer;
let connector: FakeBotConnector;
let graph: FakeGraph;
beforeAll(async () => {
  teamsKey = await channelKey("teams-key", ["msteams"]);
  openId = await serveOpenIdMetadata([teamsKey]);
  connector = await startFakeBotConnector({ appId: APP_ID, password: APP_PASSWORD });
  connector.conversations.add(CONVERSATION);
  graph = await startFakeGraph(() => true);
});
afterAll(async () => {
  await Promise.all([openId?.close(), connector?.close(), graph?.close()]);
});

const world = useBatonWorld({
  tablePrefix: "e2eteams",
  pipelines: {
    prod: `        approval:
          approvers: ["${ADA.oid}", "${BEN.upn}", "${EVE.oid}"]
          quorum: 2
          timeout: 1d
          teams: { conversationId: "${CONVERSATION}", serviceUrl: "${"{connector}"}", tenantId: "${TENANT}" }`,
  },
  env: () => teamsEnv(openId, connector, graph),
  rewrite: (yaml) => yaml.replace("{connector}", `${connector.url}/`),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

const prodFile = "apps/orders-api/overlays/prod/kustomization.yaml";

async function toProd(tag: string, digest: string, publishedAt: string): Promise<void> {
  expect((await pushImage(host, tag, digest, publishedAt, EVE.oid)).status).toBe(202);
  await host.settle();
  for (const stage of ["dev", "staging", "pre-prod"]) await fluxReconcilesHead(host, server, stage);
  expect((await statusOf(host, stageId(digest, "prod"))).customStatus?.step).toBe("awaiting-approval");
}

function vote(digest: string, by: Person, verb: "promotion.approve" | "promotion.reject", comment?: string) {
  return click({ host, serviceUrl: `${connector.url}/`, teamsKey }, { verb, promotionId: promotionId(digest), by, ...(comment ? { comment } : {}) });
}

async function waitingFor(digest: string): Promise<string | undefined> {
  await host.settle();
  return (await statusOf(host, stageId(digest, "prod"))).customStatus?.waitingFor;
}

describe("a Teams quorum at prod", () => {
  const digest = digestOf(0x7ea5);

  it("posts the approval card to the channel", async () => {
    await toProd("8.0.0", digest, "2026-01-06T00:00:00Z");
    const posted = connector.calls.filter((c) => c.method === "POST" && c.conversationId === CONVERSATION);
    expect(posted).toHaveLength(1);
    const card = JSON.stringify(posted[0]?.activity);
    expect(card).toContain("promotion.approve");
    expect(card).toContain(`https://baton.example.com/api/promotions/${promotionId(digest)}`);
  });

  it("refuses the pusher and a stranger on the card, and counts nothing", async () => {
    const self = await vote(digest, EVE, "promotion.approve");
    expect(self.status).toBe(200);
    expect(JSON.stringify(self.body)).toMatch(/pushed|published|separation/i);
    const stranger = await vote(digest, MALLORY, "promotion.approve");
    expect(JSON.stringify(stranger.body)).toMatch(/not.*(eligible|approver)/i);
    expect(await waitingFor(digest)).toBe("approval (0 of 2)");
  });

  it("counts one vote per eligible person and updates the card for everyone", async () => {
    const first = await vote(digest, ADA, "promotion.approve");
    expect(first.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(await waitingFor(digest)).toBe("approval (1 of 2)");
    expect(connector.calls.some((c) => c.method === "PUT")).toBe(true);
    const again = await vote(digest, ADA, "promotion.approve");
    expect(JSON.stringify(again.body)).toMatch(/already/i);
    expect(await waitingFor(digest)).toBe("approval (1 of 2)");
    expect(await fileAt(server, prodFile)).toContain("newTag: 1.0.0");
  });

  it("commits prod once the quorum is reached, and completes when prod is Ready", async () => {
    await vote(digest, BEN, "promotion.approve");
    await host.settle();
    expect(await fileAt(server, prodFile)).toContain("newTag: 8.0.0");
    await fluxReconcilesHead(host, server, "prod");
    expect((await statusOf(host, promotionId(digest))).output).toMatchObject({ outcome: "succeeded" });
  });
});

describe("a rejection and an expiry", () => {
  it("stops the promotion when an eligible approver rejects, with the comment", async () => {
    const digest = digestOf(0x7e70);
    await toProd("8.1.0", digest, "2026-01-06T01:00:00Z");
    await vote(digest, BEN, "promotion.reject", "not during the sale");
    await host.settle();
    const s = await statusOf(host, promotionId(digest));
    expect(s.output).toMatchObject({ outcome: "failed" });
    expect((s.output as { reason: string }).reason).toBe(`prod: rejected by ${BEN.upn}: not during the sale`);
    expect(await fileAt(server, prodFile)).toContain("newTag: 8.0.0");
  });

  it("rejects the stage when nobody decides within the timeout", async () => {
    const digest = digestOf(0x7e71);
    await toProd("8.2.0", digest, "2026-01-06T02:00:00Z");
    await host.advanceThroughTimers(86_400_000);
    const s = await statusOf(host, promotionId(digest));
    expect((s.output as { reason: string }).reason).toBe("prod: approval expired after 1d with 0 of 2 approvals");
  });
});

describe("votes through the ops API at the same quorum", () => {
  const digest = digestOf(0x7ea6);
  const id = promotionId(digest);
  const signedIn = (p: Person) => principalHeaders({ oid: p.oid, name: p.upn.split("@")[0] ?? p.name, roles: ["approver", "viewer"] });
  const approve = (p: Person) => opsCall(host, `/api/promotions/${id}/approve`, signedIn(p), { reason: "looks good" });

  it("refuses the pusher, a stranger and a second vote on the spot, with the reason, and audits them as refused", async () => {
    await toProd("8.3.0", digest, "2026-01-06T03:00:00Z");
    const self = await approve(EVE);
    expect(self.status).toBe(403);
    expect(((await self.json()) as { error: string }).error).toMatch(/separation of duties: eve@contoso\.example .* pushed or merged this change/);
    const stranger = await approve(MALLORY);
    expect(stranger.status).toBe(403);
    expect(((await stranger.json()) as { error: string }).error).toContain("mallory@contoso.example (6b2e0c7e-9999-4a5b-9c8d-000000000009) is not among the approvers of this stage");
    expect((await approve(ADA)).status).toBe(202);
    const again = await opsCall(host, `/api/promotions/${id}/reject`, signedIn(ADA), { reason: "changed my mind" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toContain("ada@contoso.example already voted (approve) on stage prod");
    expect(await waitingFor(digest)).toBe("approval (1 of 2)");
    const audit = ((await (await host.fetch(`/api/promotions/${id}`, { headers: signedIn(ADA) })).json()) as { audit: AuditRecord[] }).audit;
    expect(audit.filter((r) => r.action.startsWith("promotion.approve") || r.action === "promotion.reject").map((r) => [r.actor.name, r.action, r.outcome])).toEqual([
      [EVE.upn, "promotion.approve", "refused"],
      [MALLORY.upn, "promotion.approve", "refused"],
      [ADA.upn, "promotion.approve", "accepted"],
      [ADA.upn, "promotion.reject", "refused"],
    ]);
    expect(audit.find((r) => r.actor.name === EVE.upn)?.detail).toMatch(/^vote not counted: separation of duties/);
  });

  it("shows on the card only the votes that count", async () => {
    const answer = await vote(digest, BEN, "promotion.approve");
    const card = JSON.stringify(answer.body);
    expect(card).toContain("2 approve, 0 reject");
    expect(card).toContain(ADA.upn);
    expect(card).toContain(BEN.upn);
    expect(card).not.toContain(EVE.upn);
    expect(card).not.toContain(MALLORY.upn);
    await host.settle();
    expect(await fileAt(server, prodFile)).toContain("newTag: 8.3.0");
    await fluxReconcilesHead(host, server, "prod");
    expect((await statusOf(host, id)).output).toMatchObject({ outcome: "succeeded" });
  });
});
