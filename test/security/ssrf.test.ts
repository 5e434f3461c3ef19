// Issue 10 point 12: every outbound URL from configuration is checked after DNS resolution and on
// every redirect hop. Through the real runtime: the dev stage's Flux Receiver (an allowed host)
// redirects Baton's signed nudge to a host the operator did not allow; that host receives nothing.
// (Address classes, metadata and private ranges, and the pinned connection: test/net.)
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, head, pushImage, useBatonWorld } from "../e2e/world.js";
import { useRecorder } from "./recorder.js";

const internal = useRecorder();
const receiver = useRecorder((_req, res) => res.writeHead(307, { location: `http://localhost:${internal().port}/internal/hook` }).end());
const world = useBatonWorld({
  tablePrefix: "secp12",
  // localhost resolves to loopback like 127.0.0.1, but only 127.0.0.1 is allowed.
  env: () => ({ BATON_ALLOWED_HOSTS: "127.0.0.1", E2E_RECEIVER_TOKEN: "canary-receiver-token-12ab" }),
  pipelines: { dev: "        readiness:\n          receiver: { url: \"http://127.0.0.1:{receiver}/hook\", tokenSecret: E2E_RECEIVER_TOKEN }\n" },
  rewrite: (yaml) => yaml.replace("{receiver}", String(receiver().port)),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("a Receiver that redirects to a host outside the allow-list", () => {
  it("gets the nudge; the redirect target gets nothing", async () => {
    const before = await head(server);
    expect((await pushImage(host, "12.0.0", digestOf(0x12f), "2026-03-12T00:00:00Z")).status).toBe(202);
    await host.settle();
    expect(await head(server)).not.toBe(before);
    expect(receiver().received.map((r) => r.url)).toEqual(["/hook"]);
    expect(internal().received).toEqual([]);
  });
});
