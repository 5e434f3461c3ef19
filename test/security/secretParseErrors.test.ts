// Issue 10 point 6: a malformed kubeconfig secret made the client's YAML error quote the token,
// which then sat in durable history (TaskFailed details) and the status API. Through the real
// runtime: readiness polling reads the broken secret; history, status, timeline and logs name the
// secret and what is wrong, and never hold its content.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { digestOf, OPS_KEY, promotionId, pushImage, stageId, useBatonWorld } from "../e2e/world.js";

const TOKEN = "canary-kube-token-7f3a9c";
const BROKEN = `apiVersion: v1
kind: Config
clusters:
- name: aks-dev
  cluster: { server: "https://127.0.0.1:6443" }
users:
- name: baton
  user:
    token: "${TOKEN}
contexts: [
`;

const world = useBatonWorld({
  tablePrefix: "secp06",
  pipelines: { observe: "{ kind: kubernetes, kubeconfigSecret: E2E_KUBECONFIG }" },
  env: () => ({ E2E_KUBECONFIG: BROKEN }),
});
let host: TestHost;
beforeAll(() => {
  ({ host } = world());
});

describe("a malformed kubeconfig secret", () => {
  it("is reported by name and problem, and its content reaches no history, status or log", async () => {
    const digest = digestOf(0x6e6);
    expect((await pushImage(host, "6.0.0", digest, "2026-03-06T00:00:00Z")).status).toBe(202);
    await host.settle();
    await host.advanceThroughTimers(10 * 60_000);
    const history = JSON.stringify(host.history(stageId(digest, "dev")));
    // The polling step ran and failed on the secret (so the test looks where the leak was).
    expect(history).toContain("secret E2E_KUBECONFIG is not a usable kubeconfig: YAML syntax:");
    const places = [
      history,
      JSON.stringify(host.history(promotionId(digest))),
      JSON.stringify(await host.status(stageId(digest, "dev"))),
      JSON.stringify(await host.status(promotionId(digest))),
      await (await host.fetch(`/api/promotions/${promotionId(digest)}`, { headers: { "x-functions-key": OPS_KEY } })).text(),
      JSON.stringify(host.logs),
    ];
    for (const place of places) expect(place).not.toContain(TOKEN);
  });
});
