import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT } from "../../shared/durable/events.js";
import { createGitHubWebhookHandler } from "../../shared/ingest/handlers/github.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { waitKey } from "../../shared/ingest/intake/waitKeys.js";
import { completedWorkflowRun, containerPackageExample, examples, mergedPullRequest, registryPackageFrom, taggedContainerPackage } from "../fixtures/ingest/github.js";
import { signGitHub } from "./signing.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

const INDEX = "sha256:9f2d7c1b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
const AMD64 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const ARM64 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

async function delivery(name: string, payload: unknown, id: string, secret = SECRETS.GITHUB_WEBHOOK_SECRET) {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": await signGitHub(body, secret),
      "user-agent": "GitHub-Hookshot/abc123",
    },
  };
}

describe("GitHub webhook door", () => {
  it("answers ping with pong", async () => {
    const w = world();
    const d = await delivery("ping", examples("ping")[0], "ping-1");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "pong" });
  });

  it("starts one promotion for a tagged GHCR package and answers 202 with its status location", async () => {
    const w = world();
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "d-1");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    const id = promotionInstanceId("hello", INDEX);
    expect(res.status).toBe(202);
    expect(res.headers).toMatchObject({ Location: `http://baton.test/api/promotions/${id}` });
    expect([...w.starter.instances.keys()]).toEqual([id]);
    expect(w.starter.instances.get(id)?.image).toMatchObject({
      registry: "ghcr.io",
      repository: "codertocat/hello-world",
      tag: "1.4.2",
      digest: INDEX,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      source: "github-package",
      deliveryId: "d-1",
      publishedAt: "2019-05-09T23:28:29Z",
      publishedBy: ["Codertocat"],
    });
  });

  it("acknowledges the untagged example (a platform manifest) without starting anything", async () => {
    const w = world();
    const d = await delivery("package", containerPackageExample(), "d-untagged");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)["status"]).toBe("ignored");
    expect(String(jsonOf(res)["reason"])).toMatch(/untagged manifest/);
    expect(w.starter.calls).toHaveLength(0);
  });

  it("promotes a multi-arch push once per tagged image, not once per platform", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const platform = (digest: string) => {
      const e = containerPackageExample();
      const version = (e["package"] as { package_version: Record<string, unknown> }).package_version;
      version["version"] = digest;
      return e;
    };
    const events = [
      await delivery("package", platform(AMD64), "m-1"),
      await delivery("package", platform(ARM64), "m-2"),
      await delivery("package", taggedContainerPackage("1.4.2", INDEX), "m-3"),
      // Some deliveries carry the tag on a platform manifest too; the tag's digest is the index.
      await delivery("package", taggedContainerPackage("1.4.2", INDEX, ARM64), "m-4"),
      await delivery("registry_package", registryPackageFrom(taggedContainerPackage("1.4.2", INDEX)), "m-5"),
    ];
    for (const d of events) {
      const res = await handler(request("/api/ingest/github", d.body, d.headers), context());
      expect(res.status).toBeLessThan(300);
    }
    expect([...w.starter.instances.keys()]).toEqual([promotionInstanceId("hello", INDEX)]);
  });

  it("accepts the legacy registry_package event", async () => {
    const w = world();
    const d = await delivery("registry_package", registryPackageFrom(taggedContainerPackage("2.0.0", INDEX)), "rp-1");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(202);
    expect(w.starter.instances.get(promotionInstanceId("hello", INDEX))?.image.tag).toBe("2.0.0");
  });

  it("answers a redelivery as a duplicate and starts nothing new", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "same-delivery");
    await handler(request("/api/ingest/github", d.body, d.headers), context());
    const again = await handler(request("/api/ingest/github", d.body, d.headers), context());
    expect(again.status).toBe(200);
    expect(jsonOf(again)).toEqual({ status: "duplicate" });
    expect(w.starter.calls).toHaveLength(1);
  });

  it("acknowledges an image no pipeline wants, with the reason", async () => {
    const w = world({ pipelines: [] });
    const logs: string[] = [];
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "nobody");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context(logs));
    expect(logs.join("\n")).toMatch(/not promoted: \*: no pipeline watches ghcr.io\/codertocat\/hello-world/);
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "not-promoted", reasons: ["*: no pipeline watches ghcr.io/codertocat/hello-world"] });
  });

  it("delivers a completed workflow run to the promotion waiting for it", async () => {
    const w = world();
    const event = completedWorkflowRun();
    const run = event["workflow_run"] as { head_sha: string; id: number };
    await w.store.subscriptions.add(waitKey({ on: "workflow", repository: "octo-org/octo-repo", headSha: run.head_sha }), "promo-a");
    const d = await delivery("workflow_run", event, "wf-1");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(200);
    expect(jsonOf(res)).toEqual({ status: "routed", delivered: 1, promotions: ["promo-a"] });
    expect(w.sender.raised).toEqual([
      {
        instanceId: "promo-a",
        event: EVENT.workflowFinished,
        payload: expect.objectContaining({ runId: run.id, conclusion: "success", headSha: run.head_sha, repository: "octo-org/octo-repo" }) as unknown,
      },
    ]);
  });

  it("delivers a merged pull request as pr.closed with merged: true", async () => {
    const w = world();
    const event = mergedPullRequest();
    await w.store.subscriptions.add(waitKey({ on: "pr", repository: "Codertocat/Hello-World", number: 2 }), "promo-pr");
    const d = await delivery("pull_request", event, "pr-1");
    await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(w.sender.raised).toHaveLength(1);
    expect(w.sender.raised[0]).toMatchObject({
      instanceId: "promo-pr",
      event: EVENT.prClosed,
      payload: { number: 2, merged: true, mergeCommitSha: "c4295bd74fb0f4fda03689c3df3f2803b658fd85", baseRef: "master" },
    });
  });

  it("reports a pull request closed without merging as merged: false", async () => {
    const w = world();
    const event = examples("pull_request").find((e) => e["action"] === "closed");
    await w.store.subscriptions.add(waitKey({ on: "pr", repository: "codertocat/hello-world", number: 2 }), "promo-pr");
    const d = await delivery("pull_request", event, "pr-2");
    await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(w.sender.raised[0]?.payload).toMatchObject({ merged: false, mergeCommitSha: null });
  });

  it("ignores events and actions it does not use", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const requested = examples("workflow_run").find((e) => e["action"] === "requested");
    const push = await delivery("push", examples("push")[0], "p-1");
    const req = await delivery("workflow_run", requested, "wr-1");
    for (const d of [push, req]) {
      const res = await handler(request("/api/ingest/github", d.body, d.headers), context());
      expect(res.status).toBe(200);
      expect(jsonOf(res)["status"]).toBe("ignored");
    }
  });

  it("accepts a delivery signed with the previous secret during rotation", async () => {
    const w = world();
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "old", SECRETS.GITHUB_WEBHOOK_SECRET_PREVIOUS);
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(202);
  });

  it("re-reads secrets once on a mismatch, picking up a rotated secret", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const ping = await delivery("ping", examples("ping")[0], "warm-cache");
    await handler(request("/api/ingest/github", ping.body, ping.headers), context());
    w.secrets.rotate({ GITHUB_WEBHOOK_SECRET: "brand-new-secret" });
    const d = await delivery("ping", examples("ping")[0], "after-rotation", "brand-new-secret");
    const res = await handler(request("/api/ingest/github", d.body, d.headers), context());
    expect(res.status).toBe(200);
    expect(w.secrets.refreshes).toBeGreaterThan(0);
  });

  it("rejects a wrong secret and a missing signature with 401, starting nothing", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const wrong = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "bad", "not-the-secret");
    expect((await handler(request("/api/ingest/github", wrong.body, wrong.headers), context())).status).toBe(401);
    const { "x-hub-signature-256": _dropped, ...unsigned } = wrong.headers;
    const res = await handler(request("/api/ingest/github", wrong.body, unsigned), context());
    expect(res.status).toBe(401);
    expect(jsonOf(res)["error"]).toMatch(/X-Hub-Signature-256/);
    expect(w.starter.calls).toHaveLength(0);
  });

  it("rejects any single flipped byte of a signed body with 401", async () => {
    const w = world();
    const handler = createGitHubWebhookHandler(w.deps);
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "flip");
    const bytes = Buffer.from(d.body, "utf8");
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const flipped = Buffer.from(bytes);
        flipped[at] = flipped[at]! ^ mask;
        const res = await handler(request("/api/ingest/github", flipped, d.headers), context());
        expect(res.status).toBe(401);
      }),
      { numRuns: 200 },
    );
    expect(w.starter.calls).toHaveLength(0);
  });

  it("does not leak the secret in any response", async () => {
    const w = world();
    const d = await delivery("package", taggedContainerPackage("1.4.2", INDEX), "leak", "wrong");
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", d.body, d.headers), context());
    expect(JSON.stringify(res)).not.toContain(SECRETS.GITHUB_WEBHOOK_SECRET);
  });
});
