// The Azure DevOps service-hook door with payloads in the documented Web Hooks format
// (test/fixtures/azureDevOps/serviceHooks): credentials before the body, dedupe by the event id,
// pr.closed under the canonical Azure Repos URL, run completions under organization and run id.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import { createAzureDevOpsHandler } from "../../shared/ingest/handlers/azureDevOps.js";
import { waitKey } from "../../shared/ingest/intake/waitKeys.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const PATH = "/api/ingest/azuredevops";
const TOKEN = SECRETS.AZUREDEVOPS_WEBHOOK_TOKEN;
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/azureDevOps/serviceHooks/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const REPO = "https://dev.azure.com/contoso/Platform Team/_git/Fleet GitOps";

async function post(w: ReturnType<typeof world>, body: string, headers: Record<string, string>) {
  return createAzureDevOpsHandler(w.deps)(request(PATH, body, { "content-type": "application/json; charset=utf-8", ...headers }), context());
}

describe("Azure DevOps service-hook door: authentication", () => {
  const body = JSON.stringify(fixture("pullRequestMerged"));

  it.each([
    ["no credentials", {}, 401],
    ["a wrong basic password", { authorization: basic("baton", "not-the-token") }, 401],
    ["basic credentials without a colon", { authorization: `Basic ${Buffer.from(TOKEN).toString("base64")}` }, 401],
    ["a bearer token instead of basic", { authorization: `Bearer ${TOKEN}` }, 401],
    ["a wrong X-Baton-Token", { "x-baton-token": `${TOKEN}x` }, 401],
    ["a right header with a wrong password", { "x-baton-token": TOKEN, authorization: basic("baton", "wrong") }, 401],
    ["the right basic password (any user name)", { authorization: basic("azure-devops", TOKEN) }, 202],
    ["the right X-Baton-Token header", { "x-baton-token": TOKEN }, 202],
    ["both, both right", { "x-baton-token": TOKEN, authorization: basic("", TOKEN) }, 202],
  ])("%s: %i", async (_name, headers, status) => {
    const w = world();
    const res = await post(w, body, headers);
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(res.headers).toMatchObject({ "WWW-Authenticate": expect.stringMatching(/^Basic/) as unknown });
      expect(JSON.stringify(res.jsonBody)).not.toContain(TOKEN);
      expect(w.store.deliveries.seen.size).toBe(0);
    }
  });

  it("accepts the previous token during a rotation", async () => {
    const w = world();
    w.secrets.rotate({ AZUREDEVOPS_WEBHOOK_TOKEN: "new-token", AZUREDEVOPS_WEBHOOK_TOKEN_PREVIOUS: TOKEN });
    expect((await post(w, body, { "x-baton-token": "new-token" })).status).toBe(202);
    expect((await post(w, body.replace("8c3f1d2e", "8c3f1d2f"), { "x-baton-token": TOKEN })).status).toBe(202);
  });

  it("checks credentials before reading the body: bad JSON is 401 without them, 400 with them", async () => {
    const w = world();
    expect((await post(w, "{not json", {})).status).toBe(401);
    const res = await post(w, "{not json", { "x-baton-token": TOKEN });
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toMatch(/not valid JSON/);
  });

  it("refuses other methods and content types precisely", async () => {
    const w = world();
    const get = await createAzureDevOpsHandler(w.deps)(request(PATH, "", {}, { method: "GET" }), context());
    expect(get.status).toBe(405);
    expect((await post(w, body, { "content-type": "text/plain", "x-baton-token": TOKEN })).status).toBe(415);
  });

  it("answers 400 for a notification without an id or a pull request without a repository", async () => {
    const w = world();
    const noId = { ...fixture("pullRequestMerged"), id: undefined };
    expect(jsonOf(await post(w, JSON.stringify(noId), { "x-baton-token": TOKEN }))["error"]).toMatch(/invalid service hook notification: id/);
    const pr = fixture("pullRequestMerged");
    (pr["resource"] as Record<string, unknown>)["repository"] = { remoteUrl: "https://github.com/contoso/fleet" };
    const res = await post(w, JSON.stringify(pr), { "x-baton-token": TOKEN });
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toMatch(/repository.remoteUrl: .* is not an Azure Repos URL/);
  });
});

describe("Azure DevOps service-hook door: routing", () => {
  it("raises pr.closed (merged) on the stage waiting for the pull request, keyed by the canonical Azure Repos URL", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey({ on: "pr", repository: REPO, number: 42 }), "promo--prod");
    const res = await post(w, JSON.stringify(fixture("pullRequestMerged")), { "x-baton-token": TOKEN });
    expect(res.status).toBe(202);
    expect(jsonOf(res)).toMatchObject({ status: "routed", delivered: 1 });
    expect(w.sender.raised).toEqual([
      {
        instanceId: "promo--prod",
        event: EVENT.prClosed,
        payload: {
          repository: REPO,
          number: 42,
          merged: true,
          mergeCommitSha: "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
          baseRef: "main",
          headSha: "3a0f9e8d7c6b5a49382716a5b4c3d2e1f0a9b8c7",
          htmlUrl: "https://dev.azure.com/contoso/Platform%20Team/_git/Fleet%20GitOps/pullrequest/42",
        },
      },
    ]);
  });

  it("raises pr.closed (not merged) for an abandoned pull request reported with the legacy visualstudio.com URL", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey({ on: "pr", repository: REPO.toUpperCase(), number: 43 }), "promo--prod");
    const res = await post(w, JSON.stringify(fixture("pullRequestAbandoned")), { authorization: basic("ado", TOKEN) });
    expect(res.status).toBe(202);
    expect(w.sender.raised).toMatchObject([{ event: EVENT.prClosed, payload: { repository: REPO, number: 43, merged: false, mergeCommitSha: null } }]);
  });

  it("deduplicates a redelivered notification by its id", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey({ on: "pr", repository: REPO, number: 42 }), "promo--prod");
    const body = JSON.stringify(fixture("pullRequestMerged"));
    expect(jsonOf(await post(w, body, { "x-baton-token": TOKEN }))["status"]).toBe("routed");
    const again = await post(w, body, { "x-baton-token": TOKEN });
    expect(again.status).toBe(202);
    expect(jsonOf(again)["status"]).toBe("duplicate");
    expect(w.sender.raised).toHaveLength(1);
    expect([...w.store.deliveries.seen]).toEqual(["azuredevops/8c3f1d2e-6b7a-4c5d-9e0f-1a2b3c4d5e6f"]);
  });

  it("ignores a pull request that is still active (a merge attempt with conflicts) with 202", async () => {
    const w = world();
    const pr = fixture("pullRequestMerged");
    Object.assign(pr["resource"] as Record<string, unknown>, { status: "active", mergeStatus: "conflicts" });
    const res = await post(w, JSON.stringify(pr), { "x-baton-token": TOKEN });
    expect(res.status).toBe(202);
    expect(jsonOf(res)).toMatchObject({ status: "ignored", reason: expect.stringMatching(/is active/) as unknown });
    expect(w.sender.raised).toEqual([]);
  });

  it("ignores event types Baton does not act on with 202, never an error Azure DevOps would count", async () => {
    const w = world();
    const res = await post(w, JSON.stringify({ ...fixture("pullRequestMerged"), eventType: "workitem.updated", resource: { id: 5 } }), { "x-baton-token": TOKEN });
    expect(res.status).toBe(202);
    expect(jsonOf(res)["status"]).toBe("ignored");
  });

  it("raises the run completion on the gate waiting for that organization's run", async () => {
    const w = world();
    await w.store.subscriptions.add(waitKey({ on: "azurePipelinesRun", organization: "Contoso", runId: 5120 }), "promo--dev");
    const res = await post(w, JSON.stringify(fixture("runStateChanged")), { "x-baton-token": TOKEN });
    expect(res.status).toBe(202);
    expect(w.sender.raised).toEqual([
      {
        instanceId: "promo--dev",
        event: EVENT.azurePipelinesRunFinished,
        payload: { organization: "contoso", pipelineId: 17, runId: 5120, result: "succeeded", webUrl: "https://dev.azure.com/contoso/6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f/_build/results?buildId=5120" },
      },
    ]);
  });

  it("ignores a run that only started (inProgress)", async () => {
    const w = world();
    const hook = fixture("runStateChanged");
    const run = (hook["resource"] as { run: Record<string, unknown> }).run;
    run["state"] = "inProgress";
    delete run["result"];
    const res = await post(w, JSON.stringify(hook), { "x-baton-token": TOKEN });
    expect(res.status).toBe(202);
    expect(jsonOf(res)["status"]).toBe("ignored");
  });
});

describe("Azure DevOps service-hook door: git.push", () => {
  it("hands a push to the pipelines watch under the canonical URL, and starts or signals nothing", async () => {
    const w = world();
    const pushes: { repository: string; refs: string[] }[] = [];
    const door = createAzureDevOpsHandler({ ...w.deps, pushed: (push) => (pushes.push(push), push.refs.includes("refs/heads/main")) });
    const send = (body: unknown, headers: Record<string, string> = { "x-baton-token": TOKEN }) => door(request(PATH, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers }), context());
    expect((await send(fixture("gitPush"), {})).status).toBe(401);
    expect(pushes).toEqual([]);
    const res = await send(fixture("gitPush"));
    expect(res.status).toBe(202);
    expect(jsonOf(res)).toMatchObject({ status: "pipelines-refresh" });
    expect(pushes).toEqual([{ repository: REPO, refs: ["refs/heads/main"] }]);
    const feature = fixture("gitPush");
    (feature.resource as { refUpdates: { name: string }[] }).refUpdates[0] = { name: "refs/heads/feature" };
    expect(jsonOf(await send(feature))).toMatchObject({ status: "ignored" });
    // Without the watch (a door built without it) a push is acknowledged and ignored.
    expect(jsonOf(await createAzureDevOpsHandler(w.deps)(request(PATH, JSON.stringify(fixture("gitPush")), { "content-type": "application/json", "x-baton-token": TOKEN }), context()))).toMatchObject({ status: "ignored" });
    const broken = fixture("gitPush");
    delete (broken.resource as Record<string, unknown>).refUpdates;
    const bad = await send(broken);
    expect(bad.status).toBe(400);
    expect(jsonOf(bad)["error"]).toMatch(/git\.push resource/);
    expect(w.store.deliveries.seen.size).toBe(0);
  });
});
