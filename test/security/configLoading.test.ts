// Issue 10 item 2 and issue 9 item 6, through the real runtime: the pipelines file lives in a
// repository on its own loopback git server (so every request Baton makes for it is counted).
// A broken file never takes Baton down: it is reported (console, /api/health, file:line:field),
// the last good configuration keeps running, the ops API, holds and the Flux door never depend on
// it, no request from a stranger makes Baton fetch anything, images pushed meanwhile are kept and
// promoted once the file is fixed, and a source that cannot be reached is retried with back-off.
import { rename } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { pipelineParseCount } from "../../shared/pipelines/source/parsedConfig.js";
import { useAzurite } from "../support/azurite.js";
import { commitFiles } from "../support/bareRepo.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { digestOf, fileAt, fluxReconcilesHead, fluxReports, gitopsFiles, OPS_KEY, pipelinesYaml, promotionId, pushImage, startBaton, statusOf } from "../e2e/world.js";

const ACR_SECRET = "acr-webhook-secret-0123456789";
const KEY = { "x-functions-key": OPS_KEY };
const PIPELINES_PATH = ".baton/pipelines.yaml";

const azurite = useAzurite();
let host: TestHost;
let gitops: GitServer;
let config: GitServer;
let valid: string;
const consoleErrors = vi.spyOn(console, "error").mockImplementation(() => undefined);
vi.spyOn(console, "info").mockImplementation(() => undefined);

/** A syntax error on line 4 (an unclosed flow sequence, which the parser notices on line 5). */
const brokenYaml = (yaml: string) => yaml.replace("  readiness: { timeout: 15m }", "  readiness: [ timeout: 15m");
/** Valid YAML, but the readiness timeout on line 4 is not a duration. */
const brokenField = (yaml: string) => yaml.replace("  readiness: { timeout: 15m }", "  readiness: { timeout: soon }");

beforeAll(async () => {
  gitops = await startGitServer();
  await gitops.createRepo("gitops", gitopsFiles("1.0.0"));
  config = await startGitServer();
  valid = pipelinesYaml({ repoUrl: gitops.url("gitops") });
  await config.createRepo("config", { [PIPELINES_PATH]: brokenYaml(valid) });
  host = await startBaton({
    AzureWebJobsStorage: azurite().connectionString,
    BATON_TABLE_PREFIX: "secconfig",
    BATON_PIPELINES_REPOSITORY: config.url("config"),
    ACR_WEBHOOK_SECRET: ACR_SECRET,
    EVENTGRID_WEBHOOK_KEY: "eventgrid-webhook-key-0123456789",
  });
  await host.settle();
}, 120_000);
afterAll(async () => {
  await host?.dispose();
  await Promise.all([gitops?.close(), config?.close()]);
});

const fileName = () => `${config.url("config")}@main:${PIPELINES_PATH}`;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

interface Health {
  status: string;
  reasons?: string[];
  pipelines: { state: string; problems?: string[]; inUse?: { commit?: string } };
}

async function health(): Promise<Health> {
  const res = await host.fetch("/api/health");
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function acrPush(repository: string, tag: string, digest: string, id: string, auth = `Bearer ${ACR_SECRET}`): Promise<Response> {
  const body = { id, timestamp: "2026-03-01T10:00:01.343Z", action: "push", target: { mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: 524, digest, length: 524, repository, tag }, request: { id: `req-${id}`, host: "myacr.azurecr.io", method: "PUT", useragent: "docker/24.0" } };
  return host.fetch("/api/ingest/acr", { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });
}

async function exists(instanceId: string): Promise<boolean> {
  return host.status(instanceId).then(
    () => true,
    () => false,
  );
}

async function commitPipelines(text: string): Promise<void> {
  await commitFiles(config.gitdir("config"), "main", { [PIPELINES_PATH]: text }, "Edit the pipelines file");
  await host.advance(30_000); // one pipelinesWatch tick
}

describe("an invalid pipelines file at start", () => {
  it("is reported in /api/health (degraded, file:line:column) and in the console, and Baton runs on", async () => {
    const h = await health();
    expect(h.status).toBe("degraded");
    expect(h.pipelines.state).toBe("invalid");
    expect(h.pipelines.problems?.[0]).toMatch(new RegExp(`^${escaped(fileName())}:5:\\d+: YAML syntax: `));
    expect(h.reasons?.[0]).toMatch(/^the pipelines file is invalid \(no valid configuration yet: images are kept until there is one\): /);
    expect(consoleErrors.mock.calls.map((c) => String(c[0])).find((m) => m.includes("is invalid"))).toMatch(new RegExp(`${escaped(fileName())}:5:\\d+: YAML syntax`));
  });

  it("makes no fetch for any request from a stranger, and answers none of them 5xx", async () => {
    const before = config.requestCount;
    const json = { "content-type": "application/json" };
    const attempts: [string, RequestInit][] = [
      ["/api/promotions", {}],
      ["/api/promotions", { method: "POST", headers: json, body: JSON.stringify({ pipeline: "orders-api", reason: "x" }) }],
      ["/api/promotions/promo-orders-api-x/abort", { method: "POST", headers: { ...json, "x-functions-key": "not-a-key-not-a-key" }, body: "{}" }],
      ["/api/holds/global", { method: "PUT", headers: json, body: JSON.stringify({ reason: "x" }) }],
      ["/api/ingest/acr", { method: "POST", headers: { ...json, authorization: "Bearer wrong" }, body: "{}" }],
      ["/api/ingest/flux/aks-dev", { method: "POST", headers: { ...json, "x-signature": "sha256=00" }, body: "{}" }],
      ["/api/ingest/github", { method: "POST", headers: { ...json, "x-github-event": "package", "x-hub-signature-256": "sha256=00" }, body: "{}" }],
      ["/api/ingest/eventgrid", { method: "POST", headers: json, body: "[]" }],
      ["/api/health", {}],
    ];
    for (const [path, init] of attempts) {
      const res = await host.fetch(path, init);
      if (path === "/api/health") expect(res.status).toBe(200);
      else expect(Math.floor(res.status / 100), `${init.method ?? "GET"} ${path} answered ${res.status}`).toBe(4);
    }
    await host.settle();
    expect(config.requestCount).toBe(before);
  });

  it("keeps the ops API, holds and the Flux door working", async () => {
    expect((await host.fetch("/api/promotions", { headers: KEY })).status).toBe(200);
    const put = (scope: string) => host.fetch(`/api/holds/${scope}`, { method: "PUT", headers: { ...KEY, "content-type": "application/json" }, body: JSON.stringify({ reason: "stop the line while the file is broken" }) });
    const release = (scope: string) => host.fetch(`/api/holds/${scope}?reason=fixed`, { method: "DELETE", headers: KEY });
    expect((await put("global")).status).toBe(201);
    expect((await release("global")).status).toBe(200);
    // No valid configuration to check the name against: a hold is never refused for it.
    expect((await put("orders-api")).status).toBe(201);
    expect((await release("orders-api")).status).toBe(200);
    const start = await host.fetch("/api/promotions", {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: JSON.stringify({ pipeline: "orders-api", image: { registry: "myacr.azurecr.io", repository: "orders-api", tag: "1.0.1", digest: digestOf(0xc0) }, reason: "by hand" }),
    });
    expect(start.status).toBe(409);
    expect(String((await json(start))["error"])).toMatch(/^the pipelines configuration is not valid \(.*:5:\d+: YAML syntax/);
    expect((await fluxReports(host, "dev", "main@sha1:0123456789abcdef0123456789abcdef01234567")).status).toBe(200);
  });

  it("keeps images pushed meanwhile (202, not lost), and promotes them once the file is fixed", async () => {
    const digest = digestOf(0xc1);
    expect((await pushImage(host, "2.0.0", digest, "2026-01-02T00:00:00Z")).status).toBe(202);
    const door = await acrPush("payments-api", "9.9.9", digestOf(0xc2), "kept-acr-1");
    expect(door.status).toBe(202);
    expect(await json(door)).toEqual({ status: "kept", detail: "kept for when the pipelines configuration is valid: it is promoted then" });
    await host.settle();
    expect(await exists(promotionId(digest))).toBe(false);
    expect(host.logs.some((l) => l.message.includes("orders-api:2.0.0: kept for when the pipelines configuration is valid"))).toBe(true);

    await commitPipelines(valid);
    expect(await health()).toMatchObject({ status: "ok", pipelines: { state: "valid" } });
    expect((await statusOf(host, promotionId(digest))).runtimeStatus).toBe("Running");
    expect(await fileAt(gitops, "apps/orders-api/overlays/dev/kustomization.yaml")).toContain("newTag: 2.0.0");
    expect(host.logs.some((l) => l.message.includes("kept image myacr.azurecr.io/payments-api:9.9.9") && l.message.includes("no pipeline watches myacr.azurecr.io/payments-api"))).toBe(true);
  });
});

describe("a pipelines file that becomes invalid after a change", () => {
  it("is reported with file:line:field while the last good configuration runs on", async () => {
    const good = (await health()).pipelines.inUse?.commit;
    await commitPipelines(brokenField(valid));
    const h = await health();
    expect(h.status).toBe("degraded");
    expect(h.pipelines.problems?.[0]).toMatch(new RegExp(`^${escaped(fileName())}:4:\\d+: defaults\\.readiness\\.timeout: `));
    expect(h.pipelines.inUse?.commit).toBe(good);
    // The promotion pinned before goes on: dev Ready, staging committed.
    await fluxReconcilesHead(host, gitops, "dev");
    expect(await fileAt(gitops, "apps/orders-api/overlays/staging/kustomization.yaml")).toContain("newTag: 2.0.0");
    // And an operator can still stop it.
    const id = promotionId(digestOf(0xc1));
    const abort = await host.fetch(`/api/promotions/${id}/abort`, { method: "POST", headers: { ...KEY, "content-type": "application/json" }, body: JSON.stringify({ reason: "stop while the file is broken" }) });
    expect(abort.status).toBe(202);
    await host.settle();
    expect((await statusOf(host, id)).runtimeStatus).not.toBe("Running");
  });

  it("keeps a push, and promotes it when the file is valid again", async () => {
    const digest = digestOf(0xc3);
    expect((await pushImage(host, "2.1.0", digest, "2026-01-03T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect(await exists(promotionId(digest))).toBe(false);
    await commitPipelines(valid);
    expect((await health()).status).toBe("ok");
    expect(await exists(promotionId(digest))).toBe(true);
  });
});

describe("the parsed configuration", () => {
  it("is parsed once per content: a new file and a burst of promotions cost one parse and no fetch per promotion", async () => {
    const parses = pipelineParseCount();
    // The app's parses are visible here (one module instance), so the count below is the app's.
    expect(parses).toBeGreaterThan(0);
    await commitPipelines(`${valid}# tuned for the burst\n`);
    const requests = config.requestCount;
    const digests = [0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6].map(digestOf);
    const pushes = await Promise.all(digests.map((d, i) => pushImage(host, `3.0.${i}`, d, `2026-01-04T00:00:0${i}Z`)));
    expect(pushes.map((r) => r.status)).toEqual(digests.map(() => 202));
    await host.settle();
    for (const d of digests) expect(await exists(promotionId(d))).toBe(true);
    // Each promotion pinned its pipeline (no pin failure), from the one parse of the new file.
    for (const d of digests) expect(JSON.stringify((await statusOf(host, promotionId(d))).output ?? "")).not.toContain("pipeline");
    expect(pipelineParseCount() - parses).toBe(1);
    // At most one re-check (a ref lookup), if a minute of wall-clock time passed since the last one.
    expect(config.requestCount - requests).toBeLessThanOrEqual(1);
  });
});

describe("a pipelines source that cannot be reached", () => {
  it("is retried with back-off, never per request, and the last good configuration stays in use", async () => {
    const gitdir = config.gitdir("config");
    await rename(gitdir, `${gitdir}.away`);
    const before = config.requestCount;
    for (let tick = 0; tick < 16; tick++) await host.advance(30_000);
    const h = await health();
    expect(h.pipelines.state).toBe("unreadable");
    expect(h.pipelines.inUse?.commit).toBeDefined();
    // Ticks 1, 2, 4, 8 and 16 after the first failure: 5 reads in 16 ticks (each a ref lookup).
    const reads = config.requestCount - before;
    expect(reads).toBeGreaterThanOrEqual(4);
    expect(reads).toBeLessThanOrEqual(6);
    const during = config.requestCount;
    for (let i = 0; i < 10; i++) {
      const res = await host.fetch("/api/promotions", {
        method: "POST",
        headers: { ...KEY, "content-type": "application/json" },
        body: JSON.stringify({ pipeline: "orders-api", image: { registry: "myacr.azurecr.io", repository: "orders-api", tag: `4.0.${i}`, digest: digestOf(0xe0 + i) }, reason: "by hand while the source is down" }),
      });
      expect(res.status).toBe(202); // decided with the last good configuration
    }
    expect(config.requestCount).toBe(during);
    await rename(`${gitdir}.away`, gitdir);
    for (let tick = 0; tick < 16 && (await health()).status !== "ok"; tick++) await host.advance(30_000);
    expect(await health()).toMatchObject({ status: "ok", pipelines: { state: "valid" } });
  });
});
