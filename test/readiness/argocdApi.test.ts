// Argo CD Applications read through the Argo CD API server (GET /api/v1/applications/{name}) from
// a fake that holds every request and response to Argo CD's published swagger, through Baton's
// outbound guard: the same Application gives the same observation and verdict as through the
// Kubernetes API, and every refusal says what to fix without the token.
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EnvSecretSource } from "../../shared/config/envSecrets.js";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { scopedSecrets } from "../../shared/config/secretScope.js";
import { guardedFetch } from "../../shared/net/outboundGuard.js";
import type { CommitAncestry } from "../../shared/readiness/ancestry.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import type { Observation } from "../../shared/readiness/observation.js";
import { createArgoCdApiSource, type ArgoCdApiSourceDeps } from "../../shared/readiness/sources/argocdApi/argocdApiSource.js";
import { createKubernetesSource } from "../../shared/readiness/sources/kubernetes/kubernetesSource.js";
import type { ReadinessTarget } from "../../shared/readiness/target.js";
import { application, type ApplicationInput } from "../support/argoApplications.js";
import { FAKE_ARGOCD_TOKEN, startFakeArgoCd, type FakeArgoCd } from "../support/fakeArgoCd/index.js";
import { startFakeKubernetes, type FakeKubernetes } from "../support/fakeKubernetes.js";

const PROMOTED = "a".repeat(40);
const CHILD = "b".repeat(40);
const OLDER = "c".repeat(40);
const ancestry: CommitAncestry = { contains: (descendant, ancestor) => Promise.resolve(descendant === CHILD && ancestor === PROMOTED) };
const target: ReadinessTarget = { cluster: "aks-dev", kind: "Application", namespace: "argocd", name: "orders-api-dev" };
const now = () => new Date("2026-03-01T10:06:00Z");
// What the e2e world and the local walkthrough allow: loopback servers only.
const outbound = guardedFetch(readPipelineTrust({ BATON_ALLOW_LOOPBACK: "true", BATON_ALLOWED_HOSTS: "127.0.0.1" }).outbound);

let argo: FakeArgoCd;
let kube: FakeKubernetes;
beforeAll(async () => {
  [argo, kube] = await Promise.all([startFakeArgoCd(), startFakeKubernetes()]);
});
afterAll(async () => {
  await Promise.all([argo?.close(), kube?.close()]);
});
afterEach(() => {
  expect(argo.problems).toEqual([]);
});

function apiSource(overrides: Partial<ArgoCdApiSourceDeps> = {}) {
  return createArgoCdApiSource({ url: argo.url, tokenSecret: "ARGOCD_TOKEN", token: () => Promise.resolve(FAKE_ARGOCD_TOKEN), fetch: outbound, now, ...overrides });
}

const decide = (observation: Observation) => decideReadiness({ target, promotedCommit: PROMOTED }, observation, { ancestry, retryAfterMs: 30_000 });

describe("an Application through the Argo CD API server", () => {
  const cases: [string, Omit<ApplicationInput, "name">, string][] = [
    ["synced and healthy at the promoted commit", { revision: PROMOTED }, "succeeded"],
    ["synced and healthy at a descendant", { revision: CHILD }, "succeeded"],
    ["synced to an older commit", { revision: OLDER }, "running"],
    ["out of sync", { revision: PROMOTED, sync: "OutOfSync" }, "running"],
    ["progressing", { revision: PROMOTED, health: "Progressing", healthMessage: "Waiting for rollout to finish: 1 of 3 updated replicas are available..." }, "running"],
    ["a running sync", { revision: OLDER, sync: "OutOfSync", operation: { phase: "Running", message: "waiting for healthy state of apps/Deployment/orders-api", revision: PROMOTED } }, "running"],
    ["a failed sync of the promoted commit", { revision: OLDER, sync: "OutOfSync", operation: { phase: "Failed", message: "one or more objects failed to apply, reason: admission webhook denied", revision: PROMOTED } }, "failed"],
    ["degraded while synced to a descendant", { revision: CHILD, health: "Degraded", healthMessage: "Deployment orders-api exceeded its progress deadline" }, "failed"],
    ["a failed sync of an older commit", { revision: OLDER, operation: { phase: "Error", message: "ComparisonError", revision: OLDER } }, "running"],
    ["degraded while out of sync", { revision: PROMOTED, sync: "OutOfSync", health: "Degraded" }, "running"],
  ];

  it.each(cases)("gives the same observation and verdict as the Kubernetes API when %s", async (_, input, status) => {
    const app = application({ name: "orders-api-dev", ...input });
    argo.put(app);
    kube.put(app);
    const viaApi = await apiSource().observe(target);
    const viaKube = await createKubernetesSource({ clusters: new Map([["aks-dev", kube.kubeConfig()]]), now }).observe(target);
    expect(viaApi).toMatchObject({ kind: "reported", source: "argocd-api" });
    expect({ ...viaApi, source: "kubernetes" }).toEqual(viaKube);
    const verdict = await decide(viaApi);
    expect(verdict.status).toBe(status);
    expect(JSON.parse(JSON.stringify(verdict).replaceAll("argocd-api", "kubernetes"))).toEqual(await decide(viaKube));
    if (verdict.status === "failed") expect(verdict.reason).toMatch(/^Argo CD reports Application argocd\/orders-api-dev on aks-dev (SyncFailed|Degraded) at /);
  });

  it("asks for the Application in its namespace, with the project when one is set, and the account token", async () => {
    argo.put(application({ name: "orders-api-dev", namespace: "team-orders", revision: PROMOTED }));
    const teamTarget = { ...target, namespace: "team-orders" };
    expect(await apiSource({ project: "default" }).observe(teamTarget)).toMatchObject({ kind: "reported", appliedRevision: PROMOTED });
    expect(argo.requests.at(-1)).toEqual({ name: "orders-api-dev", query: { appNamespace: ["team-orders"], project: ["default"] } });
    // Behind a root path (argocd-server --rootpath /argocd) the API lives under it.
    const prefixed = createArgoCdApiSource({ url: `${argo.url}/argocd/`, tokenSecret: "ARGOCD_TOKEN", token: () => Promise.resolve(FAKE_ARGOCD_TOKEN), fetch: outbound, now });
    expect(await prefixed.observe(teamTarget)).toMatchObject({ kind: "unavailable", detail: expect.stringContaining("GET /argocd/api/v1/applications/orders-api-dev?appNamespace=team-orders") as unknown });
    argo.problems.length = 0; // the fake has no root path: that request was not one the contract knows
  });
});

describe("an Argo CD API server that refuses or fails", () => {
  beforeAll(() => argo.put(application({ name: "orders-api-dev", revision: PROMOTED })));
  const details: string[] = [];
  afterAll(() => {
    for (const detail of details) expect(detail).not.toContain(FAKE_ARGOCD_TOKEN);
  });
  const unavailable = async (source = apiSource(), t = target) => {
    const observation = await source.observe(t);
    if (observation.kind !== "unavailable") throw new Error(`expected unavailable, got ${JSON.stringify(observation)}`);
    details.push(observation.detail);
    return observation;
  };

  it("401: not observable, naming the secret whose token Argo CD refused, never the token", async () => {
    const refused = await unavailable(apiSource({ token: () => Promise.resolve("expired-token-value") }));
    expect(refused).toMatchObject({ source: "argocd-api", notFound: false });
    expect(refused.detail).toContain("GET /api/v1/applications/orders-api-dev?appNamespace=argocd on http://127.0.0.1");
    expect(refused.detail).toContain("answered 401 (invalid session: token signature is invalid): Argo CD did not accept the token in secret ARGOCD_TOKEN");
    expect(refused.detail).not.toContain("expired-token-value");
    const verdict = await decide(refused);
    expect(verdict).toMatchObject({ status: "errored" });
    expect(verdict.status === "errored" && verdict.reason).toMatch(/^Application argocd\/orders-api-dev on aks-dev is not observable through argocd-api: /);
  });

  it("403: names the RBAC line to add, and says a missing app looks the same without a project", async () => {
    argo.denied.add("argocd/orders-api-dev");
    try {
      const denied = await unavailable();
      expect(denied.detail).toContain("answered 403 (permission denied): the account behind secret ARGOCD_TOKEN may not get this Application; grant it read access in argocd-rbac-cm (p, role:baton, applications, get, */*, allow)");
      expect(denied.detail).toContain("set observe.project");
    } finally {
      argo.denied.clear();
    }
    const missing = await unavailable(apiSource(), { ...target, name: "nobody" });
    expect(missing).toMatchObject({ notFound: false, detail: expect.stringContaining("403") as unknown });
  });

  it("404 with a project: not found", async () => {
    const missing = await unavailable(apiSource({ project: "default" }), { ...target, name: "nobody" });
    expect(missing).toMatchObject({ notFound: true, detail: expect.stringContaining(`answered 404 (applications.argoproj.io "nobody" not found)`) as unknown });
    expect(await decide(missing)).toMatchObject({ status: "errored", reason: expect.stringContaining("is not found through argocd-api") as unknown });
    // The Application lives in another project: Argo CD answers 403, not the app.
    expect(await unavailable(apiSource({ project: "payments" }))).toMatchObject({ detail: expect.stringContaining("answered 403") as unknown });
  });

  it("5xx and a hung server: retryable, and the next read succeeds", async () => {
    argo.failNext(503);
    const busy = await unavailable();
    expect(busy.detail).toContain("answered 503 (upstream connect error or disconnect/reset before headers)");
    expect(await decide(busy)).toMatchObject({ status: "errored" });
    argo.hangNext();
    const hung = await unavailable(apiSource({ timeoutMs: { read: 300 } }));
    expect(hung.detail).toMatch(/did not answer within 0.3 s$/);
    expect(await apiSource().observe(target)).toMatchObject({ kind: "reported", ready: { status: "True" } });
  });

  it("without the token secret, outside the secret scope, or for a Flux object, says so without asking", async () => {
    const before = argo.requests.length;
    expect((await unavailable(apiSource({ token: () => Promise.resolve(undefined) }))).detail).toBe("secret ARGOCD_TOKEN (the Argo CD account token) is not configured");
    // A secret store that cannot answer now is retried like an unreachable server.
    const down = await unavailable(apiSource({ token: () => Promise.reject(new Error("Key Vault unreachable")) }));
    expect(down.detail).toBe("could not read secret ARGOCD_TOKEN (the Argo CD account token): Key Vault unreachable");
    // A pinned promotion whose secret the operator has since taken out of BATON_PIPELINE_SECRETS:
    // terminal, so it is thrown for the activity to fail the step (pollReadiness), not observed as unavailable.
    const scoped = scopedSecrets(new EnvSecretSource({ ARGOCD_TOKEN: FAKE_ARGOCD_TOKEN }), readPipelineTrust({ BATON_PIPELINE_SECRETS: "E2E_*" }).secrets);
    await expect(apiSource({ token: () => scoped.get("ARGOCD_TOKEN") }).observe(target)).rejects.toThrow(/secret ARGOCD_TOKEN is outside the set the operator declared for pipelines/);
    // The refresh nudge is best effort and never throws: it says why.
    expect(await apiSource({ token: () => scoped.get("ARGOCD_TOKEN") }).refresh?.(target)).toEqual({
      ok: false,
      detail: expect.stringMatching(/^refresh of Application argocd\/orders-api-dev failed: secret ARGOCD_TOKEN is outside the set/) as unknown,
    });
    expect((await unavailable(apiSource(), { ...target, kind: "Kustomization", namespace: "flux-system" })).detail).toContain("the Argo CD API server shows Argo CD Applications only");
    expect(argo.requests.length).toBe(before);
  });

  it("goes only where the outbound policy allows", async () => {
    const strict = guardedFetch(readPipelineTrust({ BATON_ALLOWED_HOSTS: "127.0.0.1" }).outbound);
    const refused = await unavailable(apiSource({ fetch: strict }));
    expect(refused.detail).toMatch(/refused by Baton: .*BATON_ALLOW_LOOPBACK=true/);
    const otherHost = guardedFetch(readPipelineTrust({ BATON_ALLOW_LOOPBACK: "true", BATON_ALLOWED_HOSTS: "argocd.example.com" }).outbound);
    expect((await unavailable(apiSource({ fetch: otherHost }))).detail).toContain("not allowed");
  });
});

describe("an answer that is not an Application", () => {
  let raw: Server;
  let rawUrl = "";
  let reply: (res: ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    raw = createServer((_req, res) => reply(res));
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const address = raw.address();
    rawUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => {
    raw.closeAllConnections();
    return new Promise<void>((resolve) => raw.close(() => resolve()));
  });
  const observeRaw = () => createArgoCdApiSource({ url: rawUrl, tokenSecret: "ARGOCD_TOKEN", token: () => Promise.resolve(FAKE_ARGOCD_TOKEN), fetch: outbound, now }).observe(target);

  it("stops reading past 8 MiB", async () => {
    reply = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once("drain", more);
        else res.end();
      };
      more();
    };
    expect(await observeRaw()).toMatchObject({ kind: "unavailable", detail: expect.stringContaining("answered with more than 8 MiB") as unknown });
  });

  it("refuses a page that is not JSON, a redirect, and blanks a token a proxy echoes", async () => {
    reply = (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    };
    expect(await observeRaw()).toMatchObject({ detail: expect.stringContaining("answered 200 with a body that is not JSON") as unknown });
    reply = (res) => {
      res.writeHead(302, { location: "https://login.example.com/" });
      res.end();
    };
    expect(await observeRaw()).toMatchObject({ detail: expect.stringContaining("answered 302: Baton does not follow redirects") as unknown });
    reply = (res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 16, message: `bad token Bearer ${FAKE_ARGOCD_TOKEN}` }));
    };
    const echoed = await observeRaw();
    expect(echoed).toMatchObject({ detail: expect.stringContaining("(bad token Bearer [token])") as unknown });
    expect(JSON.stringify(echoed)).not.toContain(FAKE_ARGOCD_TOKEN);
  });
});

describe("the refresh nudge through the API server", () => {
  beforeAll(() => argo.put(application({ name: "orders-api-dev", revision: OLDER })));

  it("asks GET ?refresh=normal, and reports a refusal or a refresh still under way", async () => {
    expect(await apiSource().refresh?.(target)).toMatchObject({ ok: true, detail: expect.stringContaining("Argo CD refreshed Application argocd/orders-api-dev") as unknown });
    expect(argo.requests.at(-1)).toEqual({ name: "orders-api-dev", query: { appNamespace: ["argocd"], refresh: ["normal"] } });
    const refused = await apiSource({ token: () => Promise.resolve("stale") }).refresh?.(target);
    expect(refused).toMatchObject({ ok: false, detail: expect.stringContaining("answered 401") as unknown });
    argo.hangNext();
    const slow = await apiSource({ timeoutMs: { refresh: 300 } }).refresh?.(target);
    expect(slow).toMatchObject({ ok: false, detail: expect.stringContaining("may still be under way") as unknown });
  });
});
