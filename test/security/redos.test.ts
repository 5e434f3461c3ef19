// Issue 10 point 3: patterns from configuration run on a linear-time engine over bounded input.
// `(a+)+b` against 27 `a`s held a backtracking engine for seconds, doubling per character; here
// a 128-character tag (the OCI maximum) and a probe body far larger than what is read both finish:
// with a backtracking engine these tests would never end.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, fluxReconcilesHead, promotionId, pushImage, statusOf, stageId, useBatonWorld } from "../e2e/world.js";
import { useRecorder } from "./recorder.js";

// 4 MiB of `a`s: far past the 64 KiB a probe reads, and the worst input for `(a+)+b`.
const probe = useRecorder((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("a".repeat(4 * 1024 * 1024)));
const world = useBatonWorld({
  tablePrefix: "secp03",
  pipelines: {
    dev: `        gates:
          - { kind: httpProbe, name: health, url: "http://127.0.0.1:{port}/health", bodyMatch: "(a+)+b", interval: 1m, attemptTimeout: 30s, deadline: 3m }`,
  },
  rewrite: (yaml) => yaml.replace("tags: { kind: any }", 'tags: { kind: regex, pattern: "(a+)+b|v[0-9.]+" }').replace("{port}", String(probe().port)),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("an evil tag pattern", () => {
  it("refuses a 128-character tag against (a+)+b, and the host keeps answering", async () => {
    const digest = digestOf(0x3ed);
    const res = await pushImage(host, "a".repeat(128), digest, "2026-03-03T00:00:00Z");
    expect(res.status).toBeLessThan(500);
    await host.settle();
    await expect(host.status(promotionId(digest))).rejects.toThrow(/No instance/);
    expect((await host.fetch("/api/health")).status).toBeLessThan(500);
  });
});

describe("an evil probe bodyMatch", () => {
  it("reads a bounded body and answers 'does not match'", async () => {
    const digest = digestOf(0x3ee);
    expect((await pushImage(host, "v3.0.0", digest, "2026-03-03T01:00:00Z")).status).toBe(202);
    await host.settle();
    await fluxReconcilesHead(host, server, "dev");
    await host.advanceThroughTimers(90_000);
    expect(probe().received.length).toBeGreaterThan(0);
    const status = await statusOf(host, stageId(digest, "dev"));
    expect(JSON.stringify(status)).toContain("does not match");
  });
});
